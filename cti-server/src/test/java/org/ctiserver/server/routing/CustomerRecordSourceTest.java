package org.ctiserver.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.ctiserver.protocol.access.CustomerRecord;
import org.ctiserver.protocol.access.CustomerRecord.Field;
import org.ctiserver.protocol.access.SecurityLevels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The screen pop's customer records: fields with the secrecy levels the CSV header or the HTTP answer gives. */
class CustomerRecordSourceTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void csv_columnLevelsFromTheHeader_otherColumnsAreOfTheLowestLevel() {
        CsvCustomerLookup csv = CsvCustomerLookup.parse(List.of(
                "key,tier,name,id,city,balance[秘密],idNumber[机密]",
                "13800138000,vip,王女士,C-88001,杭州,12000.00,330102199001011234"), "customers.csv");
        // the lookup routing uses is unchanged by the levels
        assertThat(csv.entry("13800138000").orElseThrow().fields()).containsEntry("balance", "12000.00");
        CustomerRecordSource records = new CustomerRecordSource(csv, null, SecurityLevels.defaults(), 0, Duration.ZERO);

        assertThat(records.find("13800138000")).contains(new CustomerRecord("C-88001", "王女士", "vip", List.of(
                new Field("balance", "12000.00", "秘密"), new Field("city", "杭州", "公开"),
                new Field("idnumber", "330102199001011234", "机密"))));
        assertThat(records.find("nobody")).isEmpty();
    }

    @Test
    void csv_levelTheSiteDoesNotHave_isRefusedAtStart() {
        CsvCustomerLookup csv = CsvCustomerLookup.parse(List.of("key,tier,vip_note[内部]"), "customers.csv");
        assertThatThrownBy(() -> new CustomerRecordSource(csv, null, SecurityLevels.defaults(), 0, Duration.ZERO))
                .hasMessageContaining("column 'vip_note' names an unknown secrecy level '内部'");
    }

    @Test
    void http_fieldsWithAndWithoutLevels_cached() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/customers/", ex -> {
            requests.incrementAndGet();
            byte[] body = ("{\"tier\":\"key-account\",\"name\":\"大客户\",\"id\":\"C-42\",\"fields\":{"
                    + "\"city\":\"深圳\",\"credit\":{\"value\":\"A\",\"level\":\"secret\"},"
                    + "\"note\":{\"value\":\"x\",\"level\":\"unheard-of\"}}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        HttpCustomerLookup http = new HttpCustomerLookup("http://127.0.0.1:" + server.getAddress().getPort()
                + "/customers/{key}", Duration.ofSeconds(5));
        CustomerRecordSource records = new CustomerRecordSource(null, http, SecurityLevels.defaults(), 100,
                Duration.ofMinutes(5));

        CustomerRecord r = records.find("C-42").orElseThrow();
        assertThat(r.tier()).isEqualTo("key-account");
        // an unknown level counts as the highest: withheld unless cleared for everything
        assertThat(r.fields()).containsExactly(new Field("city", "深圳", "公开"), new Field("credit", "A", "机密"),
                new Field("note", "x", "绝密"));
        assertThat(records.find("C-42")).contains(r);
        assertThat(requests).hasValue(1);
    }
}
