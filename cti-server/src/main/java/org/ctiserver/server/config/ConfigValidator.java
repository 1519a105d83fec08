package org.ctiserver.server.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ctiserver.adapter.asterisk.AmiContexts;
import org.ctiserver.adapter.asterisk.AmiSettings;
import org.ctiserver.core.agent.AgentProfile;
import org.ctiserver.protocol.TlsOptions;
import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.engine.EngineConfig;
import org.ctiserver.core.queue.QueueConfig;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.protocol.auth.PasswordHasher;

/** Checks a bound configuration and collects every problem with its key before failing. */
final class ConfigValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final Pattern METRICS_PATH = Pattern.compile("(/[A-Za-z0-9][A-Za-z0-9_.-]*)+");
    /** Paths the server's own pages, toolbar and API live under. */
    private static final List<String> RESERVED_PATHS = List.of("/api", "/agent", "/ws", "/wallboard");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final RoutingValidator routing = new RoutingValidator(this::problem);
    private ZoneId zone = ZoneId.systemDefault();

    ConfigValidator(String source) {
        this.source = source;
    }

    ResolvedConfig validate(ServerConfig c) {
        ServerConfig.Site site = c.site() != null ? c.site() : new ServerConfig.Site(null, null);
        if (site.timeZone() != null) {
            try {
                zone = ZoneId.of(site.timeZone());
            } catch (DateTimeException e) {
                problem("site.timeZone", "'" + site.timeZone() + "' is not a time zone (e.g. Asia/Shanghai)");
            }
        }

        ServerConfig.Http http = c.http() != null ? c.http() : new ServerConfig.Http(null, null, null, null);
        int httpPort = http.port() == null ? 8080 : http.port();
        if (httpPort < 0 || httpPort > 65535) {
            problem("http.port", "must be 0..65535, found " + httpPort);
        }
        TlsOptions tls = tls(http.tls());

        ResolvedConfig.AmiEndpoint ami = ami(c.ami());

        ServerConfig.Engine eng = c.engine() != null ? c.engine() : new ServerConfig.Engine(null, null);
        Duration ringTimeout = seconds("engine.ringTimeoutSeconds", eng.ringTimeoutSeconds(), 20, 0.05, 600);
        int statsMs = eng.statsIntervalMillis() == null ? 500 : eng.statsIntervalMillis();
        if (statsMs < 50 || statsMs > 1000) {
            problem("engine.statsIntervalMillis", "must be 50..1000 (wallboards update at least once a second), found " + statsMs);
        }

        Map<String, String> reasons = codes("notReadyReasons", c.notReadyReasons());
        Map<String, String> dispositions = codes("dispositions", c.dispositions());

        List<QueueConfig> queues = queues(c.queues());
        Set<String> queueIds = new HashSet<>();
        queues.forEach(q -> queueIds.add(q.id()));

        Map<String, String> hashes = new LinkedHashMap<>();
        int before = problems.size();
        List<AgentProfile> agents = agents(c.agents(), queueIds, hashes);
        boolean agentsOk = problems.size() == before;
        // while the agents have problems their skills are uncertain: "no agent has it" would only add noise
        Set<String> skills = null;
        if (agentsOk) {
            skills = new HashSet<>();
            for (AgentProfile a : agents) {
                skills.addAll(a.skills().keySet());
            }
        }
        AccessSettings access = new AccessValidator(this::problem).validate(c.agents(), c.users(), c.security(), hashes);
        Map<CustomerTier, Integer> tierBonus = routing.tierBonus(c.routing());
        CallOrder callOrder = routing.callOrder(c.routing());
        CustomerSettings customers = routing.customers(c.customers());
        MetricsSettings metrics = metrics(c.metrics());
        routing.crossCheck(new LinkedHashSet<>(queues.stream().map(QueueConfig::id).toList()), skills);

        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        EngineConfig engine = new EngineConfig(queues, agents, reasons, dispositions, ringTimeout, Duration.ofMillis(statsMs));
        // routing rules only when asked for: without them the engine keeps its original behaviour
        boolean routed = !routing.routings().isEmpty() || c.routing() != null || customers != null;
        RoutingConfig routingConfig = routed ? new RoutingConfig(routing.routings(), tierBonus, callOrder) : null;
        return new ResolvedConfig(site.name() == null ? "CTI" : site.name(), zone,
                http.host() == null ? "0.0.0.0" : http.host(), httpPort,
                http.allowedOrigins() == null ? List.of() : http.allowedOrigins(), ami, engine, hashes,
                routingConfig, routing.rules(), customers, tls, access, metrics);
    }

    /** {@code metrics.path} must be a plain path of its own: not one the pages, the toolbar or the API use. */
    private MetricsSettings metrics(ServerConfig.Metrics m) {
        if (m == null) {
            return MetricsSettings.DEFAULT;
        }
        boolean enabled = m.enabled() == null || m.enabled();
        String path = m.path() == null ? MetricsSettings.DEFAULT_PATH : m.path();
        if (!METRICS_PATH.matcher(path).matches()) {
            problem("metrics.path", "'" + path + "' is not a path like /metrics (segments of letters, digits, '_', '.', '-')");
        } else if (RESERVED_PATHS.stream().anyMatch(r -> path.equals(r) || path.startsWith(r + "/"))) {
            problem("metrics.path", "'" + path + "' is taken by the server itself (" + String.join(", ", RESERVED_PATHS) + ")");
        }
        return new MetricsSettings(enabled, path);
    }

    private TlsOptions tls(ServerConfig.Tls t) {
        if (t == null) {
            return null;
        }
        boolean store = t.keyStore() != null;
        boolean pem = t.certificate() != null || t.privateKey() != null;
        if (store == pem) {
            problem("http.tls", "give either keyStore (+ keyStorePassword) or certificate + privateKey");
            return null;
        }
        if (store) {
            readable("http.tls.keyStore", t.keyStore());
            if (t.keyStorePassword() == null) {
                problem("http.tls.keyStorePassword", "missing");
                return null;
            }
            return TlsOptions.keyStore(t.keyStore(), t.keyStorePassword());
        }
        if (t.certificate() == null || t.privateKey() == null) {
            problem("http.tls", "certificate and privateKey go together");
            return null;
        }
        readable("http.tls.certificate", t.certificate());
        readable("http.tls.privateKey", t.privateKey());
        return TlsOptions.pem(t.certificate(), t.privateKey());
    }

    private void readable(String key, String path) {
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
            problem(key, "'" + path + "' is not a readable file");
        }
    }

    private ResolvedConfig.AmiEndpoint ami(ServerConfig.Ami a) {
        if (a == null) {
            problem("ami", "missing: host, port, username and secret of the Asterisk manager interface");
            return null;
        }
        if (blank(a.host())) {
            problem("ami.host", "missing");
        }
        int port = a.port() == null ? 5038 : a.port();
        if (port < 1 || port > 65535) {
            problem("ami.port", "must be 1..65535, found " + port);
        }
        if (blank(a.username())) {
            problem("ami.username", "missing");
        }
        if (blank(a.secret())) {
            problem("ami.secret", "missing");
        }
        String ctx = a.agentDialContext() == null ? "agentdial" : a.agentDialContext();
        if (!ID.matcher(ctx).matches()) {
            problem("ami.agentDialContext", "'" + ctx + "' is not a dialplan context name");
        }
        String transport = a.transport() == null ? AmiSettings.DEFAULT_TRANSPORT.configName() : a.transport();
        try {
            AmiSettings.Transport.fromConfigName(transport);
        } catch (IllegalArgumentException e) {
            problem("ami.transport", "must be 'asterisk-java' or 'netty', found '" + transport + "'");
        }
        return new ResolvedConfig.AmiEndpoint(a.host(), port, a.username(), a.secret(), ctx, transport,
                amiContexts(a.contexts()));
    }

    /** {@code ami.contexts}: hold, outbound, amd, agents, supervisor, conference; the others keep their defaults. */
    private AmiContexts amiContexts(Map<String, String> in) {
        AmiContexts c = AmiContexts.DEFAULTS;
        if (in == null) {
            return c;
        }
        for (Map.Entry<String, String> e : in.entrySet()) {
            String key = "ami.contexts." + e.getKey();
            String v = e.getValue();
            if (v == null || !ID.matcher(v).matches()) {
                problem(key, "'" + v + "' is not a dialplan context name");
                continue;
            }
            switch (e.getKey()) {
                case "hold" -> c = c.withHold(v);
                case "outbound" -> c = c.withOutbound(v);
                case "amd" -> c = c.withAmd(v);
                case "agents" -> c = c.withAgents(v);
                case "supervisor" -> c = c.withSupervisor(v);
                case "conference" -> c = c.withConference(v);
                default -> problem(key, "unknown; known are hold, outbound, amd, agents, supervisor, conference");
            }
        }
        return c;
    }

    private Map<String, String> codes(String key, Map<String, String> in) {
        if (in == null || in.isEmpty()) {
            problem(key, "at least one code is needed");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((code, label) -> {
            if (!ID.matcher(code).matches()) {
                problem(key + "." + code, "'" + code + "' is not a code (letters, digits, '_', '.', '-')");
            } else if (blank(label)) {
                problem(key + "." + code, "needs a label");
            } else {
                out.put(code, label);
            }
        });
        return out;
    }

    private List<QueueConfig> queues(List<ServerConfig.Queue> in) {
        if (in == null || in.isEmpty()) {
            problem("queues", "at least one queue is needed");
            return List.of();
        }
        List<QueueConfig> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            ServerConfig.Queue q = in.get(i);
            String key = "queues[" + i + "]";
            if (q == null) {
                problem(key, "empty entry");
                continue;
            }
            if (q.id() == null || !ID.matcher(q.id()).matches()) {
                problem(key + ".id", q.id() == null ? "missing" : "'" + q.id() + "' is not an id (letters, digits, '_', '.', '-')");
                continue;
            }
            if (!seen.add(q.id())) {
                problem(key + ".id", "'" + q.id() + "' is used by another queue");
            }
            SkillRequirement req = routing.queueRequirement(key + ".requirement", q.requirement(), q.routing(), q.id());
            routing.queueRules(key, q.id(), q.overflow(), q.calendar(), q.callback(), zone);
            int priority = q.priority() == null ? 0 : q.priority();
            if (priority < 0 || priority > 100) {
                problem(key + ".priority", "must be 0..100, found " + priority);
            }
            Duration sl = seconds(key + ".serviceLevelSeconds", q.serviceLevelSeconds(), 20, 0.01, 3600);
            Duration shortAbandon = seconds(key + ".shortAbandonSeconds", q.shortAbandonSeconds(), 5, 0, 600);
            Duration wrapUp = seconds(key + ".wrapUpSeconds", q.wrapUpSeconds(), 0, 0, 3600);
            out.add(new QueueConfig(q.id(), blank(q.name()) ? q.id() : q.name(), req, priority, sl, shortAbandon, wrapUp));
        }
        return out;
    }

    private List<AgentProfile> agents(List<ServerConfig.Agent> in, Set<String> queueIds, Map<String, String> hashes) {
        if (in == null || in.isEmpty()) {
            problem("agents", "at least one agent is needed");
            return List.of();
        }
        List<AgentProfile> out = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < in.size(); i++) {
            ServerConfig.Agent a = in.get(i);
            String key = "agents[" + i + "]";
            if (a == null) {
                problem(key, "empty entry");
                continue;
            }
            if (a.id() == null || !ID.matcher(a.id()).matches()) {
                problem(key + ".id", a.id() == null ? "missing" : "'" + a.id() + "' is not an id (letters, digits, '_', '.', '-')");
                continue;
            }
            Integer before = firstIndex.putIfAbsent(a.id(), i);
            if (before != null) {
                problem(key + ".id", "'" + a.id() + "' is already used by agents[" + before + "]");
            }
            if (!PasswordHasher.isWellFormed(a.passwordHash())) {
                problem(key + ".passwordHash", a.passwordHash() == null ? "missing (make one with: java -jar cti-server.jar hash-password)"
                        : "not a pbkdf2-sha256$iterations$salt$hash value (make one with: java -jar cti-server.jar hash-password)");
            } else {
                hashes.put(a.id(), a.passwordHash());
            }
            Map<String, Integer> skills = new LinkedHashMap<>();
            if (a.skills() != null) {
                a.skills().forEach((skill, level) -> {
                    if (level == null || level < SkillRequirement.MIN_LEVEL || level > SkillRequirement.MAX_LEVEL) {
                        problem(key + ".skills." + skill, "level must be " + SkillRequirement.MIN_LEVEL + ".."
                                + SkillRequirement.MAX_LEVEL + ", found " + level);
                    } else {
                        skills.put(skill, level);
                    }
                });
            }
            Set<String> queues = new LinkedHashSet<>();
            if (a.queues() != null) {
                for (int j = 0; j < a.queues().size(); j++) {
                    String qid = a.queues().get(j);
                    if (!queueIds.contains(qid)) {
                        problem(key + ".queues[" + j + "]", "unknown queue '" + qid + "' (queues: " + queueIds + ")");
                    } else {
                        queues.add(qid);
                    }
                }
            }
            out.add(new AgentProfile(a.id(), blank(a.name()) ? a.id() : a.name(), skills, queues));
        }
        return out;
    }

    private Duration seconds(String key, Double value, double dflt, double min, double max) {
        double v = value == null ? dflt : value;
        if (Double.isNaN(v) || v < min || v > max) {
            problem(key, "must be " + fmt(min) + ".." + fmt(max) + " seconds, found " + value);
            return Duration.ofMillis((long) (dflt * 1000));
        }
        return Duration.ofNanos((long) (v * 1_000_000_000L));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void problem(String key, String what) {
        problems.add(key + ": " + what);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
