package org.ctiserver.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.ctiserver.core.customer.CustomerTier;
import org.ctiserver.core.routing.AgentSelectors;
import org.ctiserver.core.routing.CallOrder;
import org.ctiserver.core.routing.QueueRouting;
import org.ctiserver.core.routing.RoutingConfig;
import org.ctiserver.core.routing.RoutingTarget;
import org.ctiserver.core.routing.SkillRequirement;
import org.ctiserver.core.routing.expr.Requirement;
import org.ctiserver.core.queue.BusinessCalendar;
import org.ctiserver.core.queue.CallbackRule;
import org.ctiserver.core.queue.DialplanTargets;
import org.ctiserver.core.queue.OverflowAction;
import org.ctiserver.core.queue.OverflowRule;
import org.ctiserver.core.queue.QueueRules;

/**
 * Checks the routing parts of the configuration (requirement expressions, ladders, policies, tier bonuses,
 * overflow, opening hours, customer directory). Problems go to the shared list, each naming its key.
 */
final class RoutingValidator {
    private static final Map<String, DayOfWeek> DAYS = new LinkedHashMap<>();

    static {
        for (DayOfWeek d : DayOfWeek.values()) {
            DAYS.put(d.name().substring(0, 3).toLowerCase(Locale.ROOT), d);
        }
    }

    private final BiConsumer<String, String> problem;
    /** key -> requirement, checked against the agents' skills at the end. */
    private final Map<String, Requirement> requirements = new LinkedHashMap<>();
    /** key -> queue id an action sends calls to, checked once every queue is known. */
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final List<QueueRouting> routings = new ArrayList<>();
    private final List<QueueRules> rules = new ArrayList<>();

    RoutingValidator(BiConsumer<String, String> problem) {
        this.problem = problem;
    }

    /**
     * The queue's {@code requirement}: the old {@code skill:level,...} form (any text with ':'), else an
     * expression. An expression cannot live in {@code QueueConfig} (a min-level map): it becomes the queue's
     * single routing target, so the returned map is then {@link SkillRequirement#NONE}.
     */
    SkillRequirement queueRequirement(String key, String text, ServerConfig.QueueRouting routing, String queueId) {
        if (text == null || text.isBlank() || text.contains(":")) {
            try {
                SkillRequirement r = SkillRequirement.parse(text);
                requirements.put(key, Requirement.of(r));
                if (routing != null) {
                    queueRouting(key.replace(".requirement", ".routing"), routing, queueId, Requirement.of(r));
                }
                return r;
            } catch (IllegalArgumentException e) {
                problem.accept(key, e.getMessage());
                return SkillRequirement.NONE;
            }
        }
        Requirement expr = expression(key, text);
        queueRouting(key.replace(".requirement", ".routing"),
                routing != null ? routing : new ServerConfig.QueueRouting(null, null, null, null), queueId,
                expr == null ? Requirement.ANY : expr);
        return SkillRequirement.NONE;
    }

    private Requirement expression(String key, String text) {
        try {
            Requirement r = text.contains(":") ? Requirement.of(SkillRequirement.parse(text)) : Requirement.parse(text);
            requirements.put(key, r);
            return r;
        } catch (IllegalArgumentException e) {
            problem.accept(key, e.getMessage());
            return null;
        }
    }

    private void queueRouting(String key, ServerConfig.QueueRouting r, String queueId, Requirement queueRequirement) {
        List<RoutingTarget> ladder = new ArrayList<>();
        boolean ok = true;
        if (r.targets() == null || r.targets().isEmpty()) {
            ladder.add(RoutingTarget.last(queueRequirement));
        } else {
            for (int j = 0; j < r.targets().size(); j++) {
                String tk = key + ".targets[" + j + "]";
                ServerConfig.Target t = r.targets().get(j);
                if (t == null) {
                    problem.accept(tk, "empty entry");
                    ok = false;
                    continue;
                }
                Requirement req = t.require() == null ? queueRequirement : expression(tk + ".require", t.require());
                boolean last = j == r.targets().size() - 1;
                Duration timeout = null;
                if (last && t.timeoutSeconds() != null) {
                    problem.accept(tk + ".timeoutSeconds", "the last step holds for good: remove its timeout");
                    ok = false;
                } else if (!last) {
                    if (t.timeoutSeconds() == null || !(t.timeoutSeconds() > 0) || t.timeoutSeconds() > 86_400) {
                        problem.accept(tk + ".timeoutSeconds", (t.timeoutSeconds() == null ? "missing" : "must be > 0 and <= 86400, found "
                                + t.timeoutSeconds()) + " (every step but the last needs one)");
                        ok = false;
                    } else {
                        timeout = Duration.ofMillis(Math.round(t.timeoutSeconds() * 1000));
                    }
                }
                if (req == null) {
                    ok = false;
                } else if (ok) {
                    ladder.add(new RoutingTarget(req, timeout));
                }
            }
        }
        String policy = r.policy() == null ? AgentSelectors.DEFAULT : r.policy();
        if (!AgentSelectors.names().contains(policy)) {
            problem.accept(key + ".policy", "unknown policy '" + policy + "' (known: " + AgentSelectors.names() + ")");
            ok = false;
        }
        double aging = r.agingPerSecond() == null ? 0 : r.agingPerSecond();
        if (!(aging >= 0 && aging <= 100)) {
            problem.accept(key + ".agingPerSecond", "must be 0..100 priority points per second, found " + aging);
            ok = false;
        }
        double goal = r.serviceLevelGoalPercent() == null ? QueueRouting.DEFAULT_SERVICE_LEVEL_GOAL : r.serviceLevelGoalPercent();
        if (!(goal >= 0 && goal <= 100)) {
            problem.accept(key + ".serviceLevelGoalPercent", "must be 0..100, found " + goal);
            ok = false;
        }
        if (ok) {
            routings.add(new QueueRouting(queueId, ladder, policy, aging, goal));
        }
    }

    void queueRules(String key, String queueId, ServerConfig.Overflow o, ServerConfig.Calendar c, ZoneId siteZone) {
        queueRules(key, queueId, o, c, null, siteZone);
    }

    void queueRules(String key, String queueId, ServerConfig.Overflow o, ServerConfig.Calendar c,
                    ServerConfig.Callback cb, ZoneId siteZone) {
        CallbackRule callback = cb == null ? null : callback(key + ".callback", cb);
        callbackGiven = cb != null;
        OverflowRule overflow = o == null ? null : overflow(key + ".overflow", queueId, o);
        BusinessCalendar calendar = c == null ? null : calendar(key + ".calendar", queueId, c, siteZone);
        if (overflow != null || calendar != null || callback != null) {
            rules.add(new QueueRules(queueId, overflow, calendar, callback));
        }
    }

    /** Whether the queue being checked has a callback section (a callback offer needs one). */
    private boolean callbackGiven;

    private CallbackRule callback(String key, ServerConfig.Callback cb) {
        boolean ok = true;
        String k = cb.key() == null ? "" : cb.key().strip();
        if (!k.matches("[0-9*#]")) {
            problem.accept(key + ".key", cb.key() == null ? "missing: the DTMF key that asks for a callback (0-9, * or #)"
                    : "must be one key of 0-9, * or #, found '" + cb.key() + "'");
            ok = false;
        }
        int attempts = cb.maxAttempts() == null ? 3 : cb.maxAttempts();
        if (attempts < 1 || attempts > 20) {
            problem.accept(key + ".maxAttempts", "must be 1..20, found " + attempts);
            ok = false;
        }
        double retry = cb.retryIntervalSeconds() == null ? 300 : cb.retryIntervalSeconds();
        if (!(retry >= 1 && retry <= 86_400)) {
            problem.accept(key + ".retryIntervalSeconds", "must be 1..86400 seconds, found " + cb.retryIntervalSeconds());
            ok = false;
        }
        String sound = cb.confirmation() == null ? "cti-callback-confirm" : cb.confirmation().strip();
        if (!DialplanTargets.validParameter(sound)) {
            problem.accept(key + ".confirmation", "must be a sound file name (letters, digits, '-', '_', '.'), found '"
                    + cb.confirmation() + "'");
            ok = false;
        }
        return ok ? new CallbackRule(k, attempts, Duration.ofMillis(Math.round(retry * 1000)), sound) : null;
    }

    private OverflowRule overflow(String key, String queueId, ServerConfig.Overflow o) {
        Duration maxWait = null;
        if (o.maxWaitSeconds() != null) {
            if (!(o.maxWaitSeconds() >= 1 && o.maxWaitSeconds() <= 86_400)) {
                problem.accept(key + ".maxWaitSeconds", "must be 1..86400 seconds, found " + o.maxWaitSeconds());
                return null;
            }
            maxWait = Duration.ofMillis(Math.round(o.maxWaitSeconds() * 1000));
        }
        int maxLength = o.maxQueueLength() == null ? 0 : o.maxQueueLength();
        if (maxLength < 0 || (o.maxQueueLength() != null && maxLength == 0)) {
            problem.accept(key + ".maxQueueLength", "must be at least 1, found " + maxLength);
            return null;
        }
        boolean noAgents = Boolean.TRUE.equals(o.whenNoAgents());
        if (maxWait == null && maxLength == 0 && !noAgents) {
            problem.accept(key, "nothing triggers it: give maxWaitSeconds, maxQueueLength or whenNoAgents: true");
            return null;
        }
        if (o.action() == null) {
            problem.accept(key + ".action", "missing: {type: queue, target: ID} or {type: hangup, message: TEXT}");
            return null;
        }
        OverflowAction action = action(key + ".action", queueId, o.action());
        return action == null ? null : new OverflowRule(maxWait, maxLength, noAgents, action);
    }

    private OverflowAction action(String key, String queueId, ServerConfig.Action a) {
        String type = a.type() == null ? "" : a.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "queue" -> {
                if (a.target() == null || a.target().isBlank()) {
                    problem.accept(key + ".target", "missing: the queue that takes the calls");
                    return null;
                }
                if (a.target().equals(queueId)) {
                    problem.accept(key + ".target", "'" + a.target() + "' is this queue itself");
                    return null;
                }
                targets.put(key + ".target", a.target());
                return OverflowAction.toQueue(a.target());
            }
            case "hangup" -> {
                if (a.sound() != null && !DialplanTargets.validParameter(a.sound().strip())) {
                    problem.accept(key + ".sound", "must be a sound file name (letters, digits, '-', '_', '.'), found '"
                            + a.sound() + "'");
                    return null;
                }
                return new OverflowAction(OverflowAction.Type.HANGUP, null, a.message(),
                        a.sound() == null ? "" : a.sound().strip());
            }
            case "voicemail" -> {
                if (a.mailbox() == null || !DialplanTargets.validParameter(a.mailbox().strip())) {
                    problem.accept(key + ".mailbox", a.mailbox() == null ? "missing: the voicemail box, e.g. '8001'"
                            : "must be a mailbox (letters, digits, '-', '_', '.'), found '" + a.mailbox() + "'");
                    return null;
                }
                return OverflowAction.voicemail(a.mailbox().strip());
            }
            case "callback" -> {
                if (!callbackGiven) {
                    problem.accept(key + ".type", "'callback' needs the queue's callback section (key, maxAttempts, "
                            + "retryIntervalSeconds)");
                    return null;
                }
                String prompt = a.sound() == null ? "cti-callback-offer" : a.sound().strip();
                if (!DialplanTargets.validParameter(prompt)) {
                    problem.accept(key + ".sound", "must be a sound file name (letters, digits, '-', '_', '.'), found '"
                            + a.sound() + "'");
                    return null;
                }
                return OverflowAction.callbackOffer(prompt);
            }
            default -> problem.accept(key + ".type", (a.type() == null ? "missing" : "unknown '" + a.type() + "'")
                    + " (known: queue, hangup, voicemail, callback)");
        }
        return null;
    }

    private BusinessCalendar calendar(String key, String queueId, ServerConfig.Calendar c, ZoneId siteZone) {
        boolean ok = true;
        ZoneId zone = siteZone;
        if (c.timeZone() != null) {
            try {
                zone = ZoneId.of(c.timeZone());
            } catch (DateTimeException e) {
                problem.accept(key + ".timeZone", "'" + c.timeZone() + "' is not a time zone (e.g. Asia/Shanghai)");
                ok = false;
            }
        }
        Map<DayOfWeek, List<BusinessCalendar.Hours>> weekly = new EnumMap<>(DayOfWeek.class);
        if (c.weekly() == null || c.weekly().isEmpty()) {
            problem.accept(key + ".weekly", "missing: opening hours per day, e.g. {mon: '08:00-20:00', sat: closed}");
            ok = false;
        } else {
            for (Map.Entry<String, String> e : c.weekly().entrySet()) {
                String dk = key + ".weekly." + e.getKey();
                DayOfWeek day = DAYS.get(e.getKey().toLowerCase(Locale.ROOT));
                if (day == null) {
                    problem.accept(dk, "not a day (known: " + DAYS.keySet() + ")");
                    ok = false;
                    continue;
                }
                List<BusinessCalendar.Hours> hours = hours(dk, e.getValue());
                if (hours == null) {
                    ok = false;
                } else {
                    weekly.put(day, hours);
                }
            }
            if (ok && weekly.values().stream().allMatch(List::isEmpty)) {
                problem.accept(key + ".weekly", "the queue is never open (no day has hours)");
                ok = false;
            }
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        if (c.holidays() != null) {
            for (int i = 0; i < c.holidays().size(); i++) {
                try {
                    holidays.add(LocalDate.parse(String.valueOf(c.holidays().get(i)).strip()));
                } catch (DateTimeParseException e) {
                    problem.accept(key + ".holidays[" + i + "]", "'" + c.holidays().get(i) + "' is not a date (yyyy-mm-dd)");
                    ok = false;
                }
            }
        }
        OverflowAction closed = c.closedAction() == null ? OverflowAction.hangup("")
                : action(key + ".closedAction", queueId, c.closedAction());
        return ok && closed != null ? new BusinessCalendar(zone, weekly, holidays, closed) : null;
    }

    /** {@code 08:00-12:00,13:30-18:00}, {@code closed}; {@code 24:00} means midnight. */
    private List<BusinessCalendar.Hours> hours(String key, String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("closed")) {
            return List.of();
        }
        List<BusinessCalendar.Hours> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] fromTo = part.strip().split("-");
            try {
                if (fromTo.length != 2) {
                    throw new IllegalArgumentException("expected HH:MM-HH:MM, found '" + part.strip() + "'");
                }
                LocalTime to = fromTo[1].strip().equals("24:00") ? LocalTime.MAX : LocalTime.parse(fromTo[1].strip());
                out.add(new BusinessCalendar.Hours(LocalTime.parse(fromTo[0].strip()), to));
            } catch (DateTimeParseException e) {
                problem.accept(key, "expected HH:MM-HH:MM (or closed), found '" + part.strip() + "'");
                return null;
            } catch (IllegalArgumentException e) {
                problem.accept(key, e.getMessage());
                return null;
            }
        }
        return out;
    }

    Map<CustomerTier, Integer> tierBonus(ServerConfig.Routing r) {
        Map<CustomerTier, Integer> bonus = new EnumMap<>(RoutingConfig.DEFAULT_TIER_BONUS);
        if (r == null || r.tierBonus() == null) {
            return bonus;
        }
        r.tierBonus().forEach((tier, points) -> {
            String k = "routing.tierBonus." + tier;
            CustomerTier t = CustomerTier.byKey(tier).orElse(null);
            if (t == null) {
                problem.accept(k, "unknown tier (known: vip, key-account, normal)");
            } else if (points == null || points < 0 || points > 1000) {
                problem.accept(k, "must be 0..1000 priority points, found " + points);
            } else {
                bonus.put(t, points);
            }
        });
        return bonus;
    }

    /** {@code routing.callOrder}: {@code service-level} (the default) or {@code wait}. */
    CallOrder callOrder(ServerConfig.Routing r) {
        if (r == null || r.callOrder() == null) {
            return CallOrder.SERVICE_LEVEL;
        }
        String known = Arrays.stream(CallOrder.values()).map(CallOrder::key).collect(Collectors.joining(", "));
        for (CallOrder o : CallOrder.values()) {
            if (o.key().equals(r.callOrder().strip().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        problem.accept("routing.callOrder", "unknown call order '" + r.callOrder() + "' (known: " + known + ")");
        return CallOrder.SERVICE_LEVEL;
    }

    CustomerSettings customers(ServerConfig.Customers c) {
        if (c == null) {
            return null;
        }
        String src = c.source() == null ? "" : c.source().strip();
        CustomerSettings.Kind kind = null;
        String location = null;
        if (src.startsWith("csv:")) {
            kind = CustomerSettings.Kind.CSV;
            location = src.substring(4);
            if (!Files.isReadable(Path.of(location))) {
                problem.accept("customers.source", "no readable CSV file at '" + location + "'");
            }
        } else if (src.startsWith("http://") || src.startsWith("https://")) {
            kind = CustomerSettings.Kind.HTTP;
            location = src;
            if (!src.contains("{key}")) {
                problem.accept("customers.source", "the URL needs a {key} placeholder for the caller number or customer id");
            }
        } else {
            problem.accept("customers.source", (src.isEmpty() ? "missing" : "'" + src + "' is neither csv:PATH nor an http(s) URL")
                    + " (e.g. csv:/etc/cti/customers.csv or http://crm/api/customers/{key})");
        }
        ServerConfig.Cache cache = c.cache() == null ? new ServerConfig.Cache(null, null) : c.cache();
        long maxSize = cache.maxSize() == null ? 10_000 : cache.maxSize();
        if (maxSize < 0 || maxSize > 10_000_000) {
            problem.accept("customers.cache.maxSize", "must be 0..10000000 (0 = no cache), found " + maxSize);
        }
        double ttl = cache.ttlSeconds() == null ? 300 : cache.ttlSeconds();
        if (!(ttl > 0 && ttl <= 7 * 86_400)) {
            problem.accept("customers.cache.ttlSeconds", "must be > 0 and at most a week, found " + ttl);
        }
        int threads = c.lookupThreads() == null ? 4 : c.lookupThreads();
        if (threads < 1 || threads > 64) {
            problem.accept("customers.lookupThreads", "must be 1..64, found " + threads);
        }
        int timeoutMs = c.timeoutMillis() == null ? 2000 : c.timeoutMillis();
        if (timeoutMs < 50 || timeoutMs > 60_000) {
            problem.accept("customers.timeoutMillis", "must be 50..60000, found " + timeoutMs);
        }
        int logS = c.statsLogSeconds() == null ? 300 : c.statsLogSeconds();
        if (logS < 0 || logS > 86_400) {
            problem.accept("customers.statsLogSeconds", "must be 0..86400 (0 = never), found " + logS);
        }
        return new CustomerSettings(kind, location, maxSize, Duration.ofMillis(Math.round(ttl * 1000)), threads,
                Duration.ofMillis(timeoutMs), Duration.ofSeconds(logS));
    }

    /**
     * Checks what needs every queue and agent: action targets and the skills requirements name
     * ({@code agentSkills} null: not checked).
     */
    void crossCheck(Set<String> queueIds, Set<String> agentSkills) {
        targets.forEach((key, q) -> {
            if (!queueIds.contains(q)) {
                problem.accept(key, "unknown queue '" + q + "' (queues: " + queueIds + ")");
            }
        });
        if (agentSkills == null) {
            return;
        }
        requirements.forEach((key, r) -> {
            Set<String> named = new TreeSet<>();
            skills(r, named);
            named.removeAll(agentSkills);
            if (!named.isEmpty()) {
                problem.accept(key, "skill " + String.join(", ", named.stream().map(s -> "'" + s + "'").toList())
                        + " is held by no agent (agents' skills: " + new TreeSet<>(agentSkills) + ")");
            }
        });
    }

    private static void skills(Requirement r, Set<String> out) {
        if (r instanceof Requirement.Compare c) {
            out.add(c.skill());
        } else if (r instanceof Requirement.And a) {
            skills(a.left(), out);
            skills(a.right(), out);
        } else if (r instanceof Requirement.Or o) {
            skills(o.left(), out);
            skills(o.right(), out);
        } else if (r instanceof Requirement.Not n) {
            skills(n.operand(), out);
        }
    }

    List<QueueRouting> routings() {
        return routings;
    }

    List<QueueRules> rules() {
        return rules;
    }
}
