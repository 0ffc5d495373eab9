package org.lamina.scenarios.data.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A package client that "downloads" by writing the files it was given into the package folder,
 * in order; it can stop with an exception after a number of files (a download that breaks off).
 */
final class FakePackageClient implements PackageClient {
    final Map<String, String> files = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** Where in the unpacked package the files go. */
    String folder = "package/data";
    /** Throw after writing this many files; -1 never. */
    int failAfter = -1;
    FetchException.Kind failure = FetchException.Kind.DOWNLOAD_FAILED;
    /** Runs before the files are written (e.g. another fetch finishing first). */
    Runnable during = () -> { };

    FakePackageClient with(String name, String content) {
        files.put(name, content);
        return this;
    }

    @Override
    public void fetchNpm(String spec, Path into) throws IOException {
        calls.add("npm " + spec);
        unpack(into);
    }

    @Override
    public void fetchDebian(String name, Path into) throws IOException {
        calls.add("deb " + name);
        unpack(into);
    }

    private void unpack(Path into) throws IOException {
        during.run();
        Path target = Files.createDirectories(into.resolve(folder));
        int written = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (written == failAfter) {
                throw new FetchException(failure, "fake failure after " + written + " files");
            }
            Files.writeString(target.resolve(f.getKey()), f.getValue());
            written++;
        }
    }
}
