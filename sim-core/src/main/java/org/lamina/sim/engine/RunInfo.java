package org.lamina.sim.engine;

/**
 * What the trace header says about a run beyond the network itself: the scenario that produced
 * it and the kernel backend that really ran (never silent about a fallback).
 */
public record RunInfo(String scenarioName, String scenarioText, Backend backend) {

    /** The kernel backend requested, the one used, its device, and why they differ (if they do). */
    public record Backend(String requested, String used, String device, String fallbackReason) {
        public static Backend javaOnly() {
            return new Backend("java", "java", "cpu", "");
        }
    }

    public RunInfo {
        scenarioName = scenarioName == null ? "" : scenarioName;
        scenarioText = scenarioText == null ? "" : scenarioText;
        backend = backend == null ? Backend.javaOnly() : backend;
    }
}
