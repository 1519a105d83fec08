package org.ctiserver.server.config;

/**
 * The Prometheus endpoint, checked.
 *
 * @param enabled false: no endpoint and no meters
 * @param path    where {@code GET} answers in the Prometheus text format
 */
public record MetricsSettings(boolean enabled, String path) {
    public static final String DEFAULT_PATH = "/metrics";
    public static final MetricsSettings DEFAULT = new MetricsSettings(true, DEFAULT_PATH);
}
