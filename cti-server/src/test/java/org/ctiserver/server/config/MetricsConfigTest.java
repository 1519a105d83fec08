package org.ctiserver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ctiserver.server.config.ConfigLoaderTest.AGENT;
import static org.ctiserver.server.config.ConfigLoaderTest.QUEUE;
import static org.ctiserver.server.config.ConfigLoaderTest.config;

import org.junit.jupiter.api.Test;

/** {@code metrics.*}: the Prometheus endpoint, on at {@code /metrics} unless configured otherwise. */
class MetricsConfigTest {

    private static ResolvedConfig parse(String metrics) {
        return ConfigLoader.parse(config(QUEUE, AGENT) + metrics, "t.yaml");
    }

    @Test
    void parse_noMetricsSection_enablesMetricsAtTheDefaultPath() {
        assertThat(parse("").metrics()).isEqualTo(new MetricsSettings(true, "/metrics"));
    }

    @Test
    void parse_disabledWithPath_keepsBoth() {
        assertThat(parse("metrics: {enabled: false, path: /internal/prometheus}\n").metrics())
                .isEqualTo(new MetricsSettings(false, "/internal/prometheus"));
    }

    @Test
    void parse_onlyPath_staysEnabled() {
        assertThat(parse("metrics: {path: /prom}\n").metrics()).isEqualTo(new MetricsSettings(true, "/prom"));
    }

    @Test
    void parse_pathThatIsNoPath_isNamedInTheError() {
        assertThatThrownBy(() -> parse("metrics: {path: 'metrics?x=1'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metrics.path: 'metrics?x=1' is not a path like /metrics");
        assertThatThrownBy(() -> parse("metrics: {path: /}\n")).hasMessageContaining("metrics.path: '/' is not a path");
        assertThatThrownBy(() -> parse("metrics: {path: /a/../b}\n")).hasMessageContaining("metrics.path:");
    }

    @Test
    void parse_pathOfTheServersOwnPages_isRefused() {
        assertThatThrownBy(() -> parse("metrics: {path: /api/metrics}\n"))
                .hasMessageContaining("metrics.path: '/api/metrics' is taken by the server itself");
        assertThatThrownBy(() -> parse("metrics: {path: /wallboard}\n"))
                .hasMessageContaining("metrics.path: '/wallboard' is taken by the server itself");
    }

    @Test
    void parse_badEnabledOrUnknownKey_isNamedInTheError() {
        assertThatThrownBy(() -> parse("metrics: {enabled: sometimes}\n")).hasMessageContaining("metrics.enabled:");
        assertThatThrownBy(() -> parse("metrics: {port: 9100}\n")).hasMessageContaining("metrics.port: unknown key");
    }
}
