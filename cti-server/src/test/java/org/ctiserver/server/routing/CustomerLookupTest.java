package org.ctiserver.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.server.config.CustomerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class CustomerLookupTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A directory knowing 13800000000 (VIP) and C-42 (key account); "slow" sleeps past any timeout. */
    private String directory() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/customers/", ex -> {
            requests.incrementAndGet();
            String key = ex.getRequestURI().getPath().substring("/customers/".length());
            String body = switch (key) {
                case "13800000000" -> "{\"tier\":\"vip\",\"name\":\"王总\",\"id\":\"C-1\"}";
                case "C-42" -> "{\"tier\":\"key-account\",\"name\":\"大客户\"}";
                default -> null;
            };
            if (key.equals("slow")) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/customers/{key}";
    }

    @Test
    void csv_findsByKey_withExtraColumnsAsFields() {
        CsvCustomerLookup csv = CsvCustomerLookup.parse(List.of(
                "key,tier,name,region",
                "13800000000,vip,\"王总, 总经理\",华东",
                "C-42,key-account,大客户,华南",
                "13900000000,normal,,"), "customers.csv");
        assertThat(csv.size()).isEqualTo(3);
        assertThat(csv.find("13800000000")).contains(new Customer("13800000000", "王总, 总经理", CustomerTier.VIP));
        assertThat(csv.entry("C-42").orElseThrow().fields()).containsEntry("region", "华南");
        assertThat(csv.find("nobody")).isEmpty();
        assertThatThrownBy(() -> CsvCustomerLookup.parse(List.of("key,tier", "1,gold"), "c.csv"))
                .hasMessage("c.csv:2: unknown tier 'gold' (vip, key-account, normal)");
        assertThatThrownBy(() -> CsvCustomerLookup.parse(List.of("number,level"), "c.csv"))
                .hasMessageContaining("needs 'key' and 'tier'");
    }

    @Test
    void http_readsTheTier_404IsNone_andATimeoutFails() throws IOException {
        String url = directory();
        // generous for the answers (a loaded CI machine may be slow to accept), short for the stalled one
        HttpCustomerLookup http = new HttpCustomerLookup(url, Duration.ofSeconds(5));
        assertThat(http.find("13800000000")).contains(new Customer("C-1", "王总", CustomerTier.VIP));
        assertThat(http.find("C-42")).contains(new Customer("C-42", "大客户", CustomerTier.KEY_ACCOUNT));
        assertThat(http.find("nobody")).isEmpty();
        HttpCustomerLookup impatient = new HttpCustomerLookup(url, Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.find("slow")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void cache_answersRepeatsWithoutAsking_andReportsItsHitRatio() throws IOException {
        CachedCustomerLookup cached = new CachedCustomerLookup(new HttpCustomerLookup(directory(), Duration.ofSeconds(2)),
                100, Duration.ofMinutes(5));
        assertThat(cached.stats().hitRatio()).isNaN();
        for (int i = 0; i < 4; i++) {
            assertThat(cached.find("13800000000").map(Customer::tier)).contains(CustomerTier.VIP);
            assertThat(cached.find("nobody")).isEqualTo(Optional.empty());
        }
        assertThat(requests.get()).isEqualTo(2);
        CachedCustomerLookup.Stats s = cached.stats();
        assertThat(s.hits()).isEqualTo(6);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.hitRatio()).isEqualTo(0.75);
    }

    @Test
    void directory_fromSettings_runsLookupsOnItsOwnThreads(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "key,tier,name\n13800000000,vip,王总\n");
        try (CustomerDirectory d = CustomerDirectory.open(new CustomerSettings(CustomerSettings.Kind.CSV, csv.toString(),
                10, Duration.ofMinutes(1), 2, Duration.ofSeconds(1), Duration.ZERO))) {
            java.util.concurrent.CompletableFuture<String> thread = new java.util.concurrent.CompletableFuture<>();
            d.executor().execute(() -> {
                d.lookup().find("13800000000");
                thread.complete(Thread.currentThread().getName());
            });
            assertThat(thread.get()).startsWith("cti-customer-lookup-");
            d.lookup().find("13800000000");
            assertThat(d.status().cacheHitRatio()).isEqualTo(0.5);
            assertThat(d.status().source()).isEqualTo("csv");
        }
    }
}
