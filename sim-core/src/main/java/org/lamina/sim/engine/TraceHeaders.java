package org.lamina.sim.engine;

import java.util.Map;
import org.lamina.proto.Header;
import org.lamina.proto.KernelBackend;
import org.lamina.proto.Param;
import org.lamina.proto.PopulationInfo;
import org.lamina.proto.ProjectionInfo;
import org.lamina.sim.spec.NetworkSpec;
import org.lamina.sim.spec.PopulationSpec;
import org.lamina.sim.spec.ProjectionSpec;
import org.lamina.sim.trace.TraceReader;

/** Builds the trace header: schema version, provenance, the resolved scenario and the network. */
final class TraceHeaders {
    private TraceHeaders() {
    }

    static Header build(NetworkSpec network, RunInfo info) {
        Header.Builder h = Header.newBuilder()
                .setSchemaVersion(TraceReader.SCHEMA_VERSION)
                .setLaminaVersion(Provenance.laminaVersion())
                .setScenarioName(info.scenarioName())
                .setScenario(info.scenarioText())
                .setSeed(network.seed())
                .setDtMs(network.dtMs())
                .setWindowSteps(network.windowSteps())
                .setBackend(KernelBackend.newBuilder()
                        .setRequested(info.backend().requested())
                        .setBackend(info.backend().used())
                        .setDevice(info.backend().device())
                        .setFallbackReason(info.backend().fallbackReason()))
                .setProvenance(Provenance.current());
        for (int id = 0; id < network.populations().size(); id++) {
            PopulationSpec p = network.populations().get(id);
            PopulationInfo.Builder pi = PopulationInfo.newBuilder()
                    .setId(id).setName(p.name()).setModel(p.model().name())
                    .setSize(p.size()).setBatch(p.batch())
                    .addAllStateVariables(p.model().stateVariables());
            for (Map.Entry<String, String> e : p.model().params().entrySet()) {
                pi.addParams(Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
            }
            h.addPopulations(pi);
        }
        for (int j = 0; j < network.projections().size(); j++) {
            ProjectionSpec p = network.projections().get(j);
            h.addProjections(ProjectionInfo.newBuilder()
                    .setId(j)
                    .setSource(network.populationId(p.source()))
                    .setTarget(network.populationId(p.target()))
                    .setDelaySteps(p.delaySteps())
                    .setPlasticity(p.plasticity().rule()));
        }
        return h.build();
    }
}
