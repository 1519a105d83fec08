package org.ctiserver.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ctiserver.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

class SimulateRoutingCommandTest {
    static final String TRACE = """
            # agents 2 sales:5
            # type sales sales >= 2
            # sl 20
            arrival_seconds,call_type,handle_seconds,patience_seconds,tier
            0,sales,60,inf,normal
            1,sales,60,inf,vip
            2,sales,60,30,normal
            5,sales,30,inf,normal
            70,sales,30,inf,normal
            """;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void table_listsEachPolicyAsked(@TempDir Path dir) throws IOException {
        Path trace = Files.writeString(dir.resolve("small.csv"), TRACE);
        Run r = run("simulate-routing", "--scenario", trace.toString(), "--policy", "longest-idle", "--policy", "fifo",
                "--seed", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("scenario small.csv  seed 7  2 agents")
                .containsPattern("(?m)^longest-idle +\\(all\\) +4 +3 +1 ")
                .containsPattern("(?m)^fifo +\\(all\\) +4 ")
                .doesNotContain("best-skill");
    }

    @Test
    void json_followsSchema1_andIsTheSameForTheSameSeed(@TempDir Path dir) throws IOException {
        Path trace = Files.writeString(dir.resolve("small.csv"), TRACE);
        Run r = run("simulate-routing", "--scenario", trace.toString(), "--policy", "best-skill", "--format", "json",
                "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schema").asInt()).isEqualTo(1);
        assertThat(j.get("seed").asLong()).isEqualTo(3);
        assertThat(j.get("agents").asInt()).isEqualTo(2);
        JsonNode p = j.get("policies").get(0);
        assertThat(p.get("policy").asText()).isEqualTo("best-skill");
        // the trace's last arrival (70 s) ends the measured window and is not counted
        assertThat(j.get("durationSeconds").asDouble()).isEqualTo(70);
        assertThat(p.get("total").get("offered").asLong()).isEqualTo(4);
        assertThat(p.get("total").get("abandoned").asLong()).isEqualTo(1); // patience 30 s behind two 60 s calls
        assertThat(p.get("total").get("answered").asLong()).isEqualTo(3);
        assertThat(p.get("byCallType").has("sales")).isTrue();

        assertThat(run("simulate-routing", "--scenario", trace.toString(), "--policy", "best-skill", "--format", "json",
                "--seed", "3").out()).isEqualTo(r.out());
    }

    @Test
    void unknownPolicyOrScenario_failsWithTheKnownNames() {
        Run r = run("simulate-routing", "--scenario", "multiskill", "--policy", "cleverest");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown policy 'cleverest'").contains("longest-idle");
        Run s = run("simulate-routing", "--scenario", "no-such-thing");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("no built-in scenario 'no-such-thing'").contains("multiskill");
    }
}
