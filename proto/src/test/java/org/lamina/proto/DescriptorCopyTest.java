package org.lamina.proto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Python reader builds its message classes from a committed copy of the descriptor set the
 * build writes (see pom.xml); a schema change must refresh that copy.
 */
class DescriptorCopyTest {
    static final String REFRESH = "mvn -q -pl proto generate-sources && cp proto/target/descriptor-set/trace.desc "
            + "python/lamina_trace/trace.desc";

    @Test
    void thePythonReadersCopyMatchesTheSchemas() throws IOException {
        // Surefire runs in the proto module's folder.
        Map<String, FileDescriptorProto> built = files(Path.of("target/descriptor-set/trace.desc"));
        Map<String, FileDescriptorProto> copy = files(Path.of("../python/lamina_trace/trace.desc"));
        TreeSet<String> differing = new TreeSet<>(built.keySet());
        differing.addAll(copy.keySet());
        differing.removeIf(name -> Objects.equals(built.get(name), copy.get(name)));
        assertTrue(differing.isEmpty(), "python/lamina_trace/trace.desc is stale (" + String.join(", ", differing)
                + " changed); refresh it from the repository root with: " + REFRESH);
    }

    /** The files of a descriptor set by name: compared parsed, so that only content counts, not byte order. */
    private static Map<String, FileDescriptorProto> files(Path set) throws IOException {
        List<FileDescriptorProto> files = FileDescriptorSet.parseFrom(Files.readAllBytes(set)).getFileList();
        return files.stream().collect(Collectors.toMap(FileDescriptorProto::getName, Function.identity()));
    }
}
