package org.ctiserver.pbxsim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the simulator needs. All durations are simulated seconds; {@code timeScale} divides them into
 * real time (20 makes a 60 s call last 3 s). Create with {@link #builder()} or {@link CommandLine#parse}.
 *
 * @param startEpochMillis simulated clock origin (Uniqueids and Timestamps); 0 = the wall clock at start
 * @param arrivalRatePerMinute total arrival rate shared by call types whose own rate is 0, by weight
 * @param maxCalls the generator stops after this many calls (0 = no limit)
 * @param autoRoute the simulator routes waiting calls to idle phones itself (no CTI needed; off by default)
 * @param manualMaxTalkSeconds a call on a manual phone ends by the caller hanging up after this long
 * @param routePointMaxWaitSeconds MusicOnHold timeout of the route point, after which the PBX hangs up (0 = none)
 * @param callerTalkSeconds life of a caller handset originated by AMI (the lab's CALLER_TALK_SECONDS)
 * @param loginFailureDelayMillis real (not simulated) delay before a failed Login is answered, as Asterisk does (1 s)
 * @param writeTimeoutMillis real time a client's socket may stay unwritable before it is dropped, as Asterisk's
 *                           {@code writetimeout} does (0 = never)
 */
public record SimulatorConfig(
        String host,
        int port,
        Map<String, String> users,
        long seed,
        double timeScale,
        long startEpochMillis,
        String routePointContext,
        String routePointExten,
        String agentDialContext,
        double agentDialTimeoutSeconds,
        double arrivalRatePerMinute,
        long maxCalls,
        boolean trafficPaused,
        boolean autoRoute,
        List<CallType> callTypes,
        List<Phone> phones,
        List<String> callerNames,
        double manualMaxTalkSeconds,
        double routePointMaxWaitSeconds,
        double callerTalkSeconds,
        double pstnAnswerSeconds,
        double pstnTalkSeconds,
        long loginFailureDelayMillis,
        long writeTimeoutMillis,
        int maxLineLength,
        int maxHeaders,
        Map<String, PstnNumber> pstnNumbers) {

    /** How a simulated external number ({@code Local/<number>@pstn}) behaves when called. */
    public enum PstnOutcome { ANSWER, BUSY, NO_ANSWER, CONGESTION }

    /**
     * An external number's behaviour (trace 14 outcomes, trace 16 AMD results). Numbers not configured answer after
     * {@code pstnAnswerSeconds} and AMD finds a human.
     *
     * @param ringSeconds ring time before answering; negative = the config's {@code pstnAnswerSeconds}; 0 = answers
     *                    at once without ringing (the lab's AMD numbers)
     * @param amdStatus AMD() result ({@code HUMAN}, {@code MACHINE}, {@code NOTSURE})
     * @param amdCause AMD() cause ({@code HUMAN-800-800}, {@code LONGGREETING-1500-1500} ...)
     * @param amdSeconds how long AMD() listens after the answer
     * @param tones what the number plays once answered (the Playtones data of the lab's AMD numbers), or null
     * @param description the NoOp text of the number's dialplan
     */
    public record PstnNumber(PstnOutcome outcome, double ringSeconds, String amdStatus, String amdCause,
                             double amdSeconds, String tones, String description) {
        public PstnNumber {
            Objects.requireNonNull(outcome, "outcome");
            amdStatus = amdStatus == null ? "HUMAN" : amdStatus;
            amdCause = amdCause == null ? "HUMAN-800-800" : amdCause;
        }

        public static PstnNumber of(PstnOutcome outcome) {
            return new PstnNumber(outcome, -1, null, null, 2.3, null, null);
        }

        /** A number that answers at once and that AMD classifies as given. */
        public static PstnNumber amd(String status, String cause, double seconds) {
            return new PstnNumber(PstnOutcome.ANSWER, 0, status, cause, seconds, null, null);
        }

        public PstnNumber withTones(String t, String text) {
            return new PstnNumber(outcome, ringSeconds, amdStatus, amdCause, amdSeconds, t, text);
        }
    }

    /** The lab's numbers (trace 14 and 16): 5550486 busy, 5550404 no answer, 5550503 congestion, 555070X AMD. */
    public static Map<String, PstnNumber> labPstnNumbers() {
        Map<String, PstnNumber> m = new LinkedHashMap<>();
        m.put("5550486", PstnNumber.of(PstnOutcome.BUSY).withTones(null, "busy"));
        m.put("5550404", PstnNumber.of(PstnOutcome.NO_ANSWER).withTones(null, "rings, never answers"));
        m.put("5550503", PstnNumber.of(PstnOutcome.CONGESTION).withTones(null, "congestion"));
        m.put("5550701", PstnNumber.amd("HUMAN", "HUMAN-800-800", 2.3)
                .withTones("440/1000,0/9000", "human - 1 s hello then silence"));
        m.put("5550702", PstnNumber.amd("MACHINE", "LONGGREETING-1500-1500", 2.0)
                .withTones("440", "answering machine - long greeting"));
        m.put("5550703", PstnNumber.amd("MACHINE", "INITIALSILENCE-2500-2500", 3.0)
                .withTones("0", "silence after answer"));
        return m;
    }

    /** The behaviour of an external number (configured, or answering after {@code pstnAnswerSeconds}). */
    public PstnNumber pstnNumber(String number) {
        PstnNumber n = pstnNumbers.get(number);
        return n != null ? n : PstnNumber.of(PstnOutcome.ANSWER);
    }

    /**
     * A kind of inbound call.
     *
     * @param skills extra skill requirement sent as {@code Skills} in CtiCallWaiting (e.g. {@code lang.zh:3,billing:2}); empty = none
     * @param ratePerMinute own Poisson arrival rate; 0 = a share of the config's total rate by {@code weight}
     * @param meanPatienceSeconds mean of the exponential patience; 0 = the caller never gives up
     * @param callerNumberPattern caller number, {@code #} replaced by random digits
     * @param dialedNumber DNIS sent as {@code DialedNumber}; null = not sent
     * @param callerHangupShare share of answered calls that the caller (not the agent) ends
     */
    public record CallType(String name, String queue, String skills, double ratePerMinute, double meanPatienceSeconds,
                           String callerNumberPattern, double weight, String ivrLang, String dialedNumber,
                           double callerHangupShare) {
        public CallType {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(queue, "queue");
            skills = skills == null ? "" : skills;
            callerNumberPattern = callerNumberPattern == null || callerNumberPattern.isEmpty() ? "555####" : callerNumberPattern;
            ivrLang = ivrLang == null || ivrLang.isEmpty() ? "en" : ivrLang;
            if (ratePerMinute < 0 || meanPatienceSeconds < 0 || weight < 0 || callerHangupShare < 0 || callerHangupShare > 1) {
                throw new IllegalArgumentException("bad call type " + name);
            }
        }

        public static CallType of(String name, String queue) {
            return new CallType(name, queue, "", 0, 60, "555####", 1, "en", null, 0.3);
        }

        public CallType withSkills(String s) {
            return new CallType(name, queue, s, ratePerMinute, meanPatienceSeconds, callerNumberPattern, weight, ivrLang, dialedNumber, callerHangupShare);
        }

        public CallType withRate(double perMinute) {
            return new CallType(name, queue, skills, perMinute, meanPatienceSeconds, callerNumberPattern, weight, ivrLang, dialedNumber, callerHangupShare);
        }

        public CallType withPatience(double meanSeconds) {
            return new CallType(name, queue, skills, ratePerMinute, meanSeconds, callerNumberPattern, weight, ivrLang, dialedNumber, callerHangupShare);
        }

        public CallType withWeight(double w) {
            return new CallType(name, queue, skills, ratePerMinute, meanPatienceSeconds, callerNumberPattern, w, ivrLang, dialedNumber, callerHangupShare);
        }

        public CallType withIvrLang(String lang) {
            return new CallType(name, queue, skills, ratePerMinute, meanPatienceSeconds, callerNumberPattern, weight, lang, dialedNumber, callerHangupShare);
        }

        public CallType withDialedNumber(String dnis) {
            return new CallType(name, queue, skills, ratePerMinute, meanPatienceSeconds, callerNumberPattern, weight, ivrLang, dnis, callerHangupShare);
        }

        public CallType withCallerNumberPattern(String p) {
            return new CallType(name, queue, skills, ratePerMinute, meanPatienceSeconds, p, weight, ivrLang, dialedNumber, callerHangupShare);
        }

        public CallType withCallerHangupShare(double share) {
            return new CallType(name, queue, skills, ratePerMinute, meanPatienceSeconds, callerNumberPattern, weight, ivrLang, dialedNumber, share);
        }
    }

    /**
     * An agent phone, reached as {@code Local/<extension>@agents}, with a BLF hint {@code <extension>@hints}.
     *
     * @param manual a human demo user's phone: answers after its delay and never hangs up by itself
     * @param registered an unregistered phone cannot be dialed (DIALSTATUS CHANUNAVAIL)
     */
    public record Phone(String extension, Distribution answerDelay, double noAnswerProbability, Distribution handleTime,
                        boolean manual, boolean registered) {
        public Phone {
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(answerDelay, "answerDelay");
            Objects.requireNonNull(handleTime, "handleTime");
            if (noAnswerProbability < 0 || noAnswerProbability > 1) {
                throw new IllegalArgumentException("noAnswerProbability of " + extension);
            }
        }

        /** The lab's agent handset: rings 2 s, answers, talks 300 s. */
        public static Phone lab(String extension) {
            return new Phone(extension, Distribution.fixed(2), 0, Distribution.fixed(300), false, true);
        }

        public Phone withAnswerDelay(Distribution d) {
            return new Phone(extension, d, noAnswerProbability, handleTime, manual, registered);
        }

        public Phone withNoAnswerProbability(double p) {
            return new Phone(extension, answerDelay, p, handleTime, manual, registered);
        }

        public Phone withHandleTime(Distribution d) {
            return new Phone(extension, answerDelay, noAnswerProbability, d, manual, registered);
        }

        public Phone withManual(boolean m) {
            return new Phone(extension, answerDelay, noAnswerProbability, handleTime, m, registered);
        }

        public Phone withRegistered(boolean r) {
            return new Phone(extension, answerDelay, noAnswerProbability, handleTime, manual, r);
        }
    }

    public SimulatorConfig {
        users = Map.copyOf(users);
        callTypes = List.copyOf(callTypes);
        phones = List.copyOf(phones);
        callerNames = List.copyOf(callerNames);
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be > 0");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (callTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one call type is needed");
        }
        if (callerNames.isEmpty()) {
            throw new IllegalArgumentException("at least one caller name is needed");
        }
        if (agentDialTimeoutSeconds <= 0 || arrivalRatePerMinute < 0 || maxCalls < 0) {
            throw new IllegalArgumentException("bad dial timeout, rate or maxCalls");
        }
        List<String> exts = new ArrayList<>();
        for (Phone p : phones) {
            if (exts.contains(p.extension())) {
                throw new IllegalArgumentException("phone " + p.extension() + " listed twice");
            }
            exts.add(p.extension());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Fluent builder; defaults mirror the reference lab (phones 2001-2005, call type/queue sales, no generated
     * traffic). The default phones and call types apply only until the first {@code phone(..)}/{@code phones(..)}
     * or {@code callType(..)}/{@code callTypes(..)} call, which replaces them.
     */
    public static final class Builder {
        private boolean phonesGiven;
        private boolean callTypesGiven;
        private String host = "127.0.0.1";
        private int port;
        private Map<String, String> users = new LinkedHashMap<>(Map.of("cti", "cti-secret"));
        private long seed = 1;
        private double timeScale = 1;
        private long startEpochMillis;
        private String routePointContext = "inbound";
        private String routePointExten = "100";
        private String agentDialContext = "agentdial";
        private double agentDialTimeoutSeconds = 15;
        private double arrivalRatePerMinute;
        private long maxCalls;
        private boolean trafficPaused;
        private boolean autoRoute;
        private List<CallType> callTypes = new ArrayList<>(List.of(CallType.of("sales", "sales")));
        private List<Phone> phones = new ArrayList<>(labPhones("2001-2005"));
        private List<String> callerNames = new ArrayList<>(List.of(
                "Carol Caller", "Dave Abandon", "Li Wei", "Wang Fang", "Zhang Min", "Chen Jing", "Liu Yang",
                "Alice Waiting", "Bob Bridged", "Huang Lei", "Zhao Li", "Eve NoAnswer", "Sun Hao", "Zhou Xin"));
        private double manualMaxTalkSeconds = 3600;
        private double routePointMaxWaitSeconds = 300;
        private double callerTalkSeconds = 300;
        private double pstnAnswerSeconds = 2;
        private double pstnTalkSeconds = 3;
        private long loginFailureDelayMillis = 1000;
        private long writeTimeoutMillis = 100;
        private int maxLineLength = 8192;
        private int maxHeaders = 512;
        private Map<String, PstnNumber> pstnNumbers = labPstnNumbers();

        Builder() {
        }

        Builder(SimulatorConfig c) {
            phonesGiven = true;
            callTypesGiven = true;
            host = c.host;
            port = c.port;
            users = new LinkedHashMap<>(c.users);
            seed = c.seed;
            timeScale = c.timeScale;
            startEpochMillis = c.startEpochMillis;
            routePointContext = c.routePointContext;
            routePointExten = c.routePointExten;
            agentDialContext = c.agentDialContext;
            agentDialTimeoutSeconds = c.agentDialTimeoutSeconds;
            arrivalRatePerMinute = c.arrivalRatePerMinute;
            maxCalls = c.maxCalls;
            trafficPaused = c.trafficPaused;
            autoRoute = c.autoRoute;
            callTypes = new ArrayList<>(c.callTypes);
            phones = new ArrayList<>(c.phones);
            callerNames = new ArrayList<>(c.callerNames);
            manualMaxTalkSeconds = c.manualMaxTalkSeconds;
            routePointMaxWaitSeconds = c.routePointMaxWaitSeconds;
            callerTalkSeconds = c.callerTalkSeconds;
            pstnAnswerSeconds = c.pstnAnswerSeconds;
            pstnTalkSeconds = c.pstnTalkSeconds;
            loginFailureDelayMillis = c.loginFailureDelayMillis;
            writeTimeoutMillis = c.writeTimeoutMillis;
            maxLineLength = c.maxLineLength;
            pstnNumbers = new LinkedHashMap<>(c.pstnNumbers);
            maxHeaders = c.maxHeaders;
        }

        /** Lab phones for a list like {@code 2001-2005,2010}. */
        public static List<Phone> labPhones(String extensions) {
            List<Phone> out = new ArrayList<>();
            for (String e : CommandLine.expandExtensions(extensions)) {
                out.add(Phone.lab(e));
            }
            return out;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder users(Map<String, String> v) { users = new LinkedHashMap<>(v); return this; }
        public Builder user(String name, String secret) { users.put(name, secret); return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder timeScale(double v) { timeScale = v; return this; }
        public Builder startEpochMillis(long v) { startEpochMillis = v; return this; }
        public Builder routePointContext(String v) { routePointContext = v; return this; }
        public Builder routePointExten(String v) { routePointExten = v; return this; }
        public Builder agentDialContext(String v) { agentDialContext = v; return this; }
        public Builder agentDialTimeoutSeconds(double v) { agentDialTimeoutSeconds = v; return this; }
        public Builder arrivalRatePerMinute(double v) { arrivalRatePerMinute = v; return this; }
        public Builder maxCalls(long v) { maxCalls = v; return this; }
        public Builder trafficPaused(boolean v) { trafficPaused = v; return this; }
        public Builder autoRoute(boolean v) { autoRoute = v; return this; }
        public Builder callTypes(List<CallType> v) {
            callTypes = new ArrayList<>(v);
            callTypesGiven = true;
            return this;
        }

        /** Adds a call type (replacing one of the same name, and the defaults on the first call). */
        public Builder callType(CallType v) {
            if (!callTypesGiven) {
                callTypes.clear();
                callTypesGiven = true;
            }
            callTypes.removeIf(t -> t.name().equals(v.name()));
            callTypes.add(v);
            return this;
        }

        public Builder phones(List<Phone> v) {
            phones = new ArrayList<>(v);
            phonesGiven = true;
            return this;
        }

        /** Adds a phone (replacing one with the same extension, and the default lab phones on the first call). */
        public Builder phone(Phone v) {
            if (!phonesGiven) {
                phones.clear();
                phonesGiven = true;
            }
            phones.removeIf(p -> p.extension().equals(v.extension()));
            phones.add(v);
            return this;
        }

        public Builder callerNames(List<String> v) { callerNames = new ArrayList<>(v); return this; }
        public Builder manualMaxTalkSeconds(double v) { manualMaxTalkSeconds = v; return this; }
        public Builder routePointMaxWaitSeconds(double v) { routePointMaxWaitSeconds = v; return this; }
        public Builder callerTalkSeconds(double v) { callerTalkSeconds = v; return this; }
        public Builder pstnAnswerSeconds(double v) { pstnAnswerSeconds = v; return this; }
        public Builder pstnTalkSeconds(double v) { pstnTalkSeconds = v; return this; }
        public Builder loginFailureDelayMillis(long v) { loginFailureDelayMillis = v; return this; }
        public Builder writeTimeoutMillis(long v) { writeTimeoutMillis = v; return this; }
        public Builder maxLineLength(int v) { maxLineLength = v; return this; }
        public Builder maxHeaders(int v) { maxHeaders = v; return this; }

        /** Sets how one external number behaves (the lab's numbers are there by default). */
        public Builder pstnNumber(String number, PstnNumber behaviour) {
            pstnNumbers.put(number, behaviour);
            return this;
        }

        public Builder pstnNumbers(Map<String, PstnNumber> v) {
            pstnNumbers = new LinkedHashMap<>(v);
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(host, port, users, seed, timeScale, startEpochMillis, routePointContext,
                    routePointExten, agentDialContext, agentDialTimeoutSeconds, arrivalRatePerMinute, maxCalls,
                    trafficPaused, autoRoute, callTypes, phones, callerNames, manualMaxTalkSeconds, routePointMaxWaitSeconds,
                    callerTalkSeconds, pstnAnswerSeconds, pstnTalkSeconds, loginFailureDelayMillis,
                    writeTimeoutMillis, maxLineLength, maxHeaders, Map.copyOf(pstnNumbers));
        }
    }
}
