package org.ctiserver.adapter.asterisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.ctiserver.core.pbx.PbxEvent;

/**
 * A recorded AMI session ({@code src/test/resources/ami-traces/*.ami}, copied from the shared traces): the
 * server's frames with the client's {@code >>> } lines removed.
 */
final class AmiTrace {

    /** One server frame: its headers in order (the first of a repeated header wins) and its exact wire text. */
    record Frame(Map<String, String> fields, String wireText) {
        boolean isEvent() {
            return fields.containsKey("Event");
        }

        String eventName() {
            return fields.get("Event");
        }
    }

    private final List<Frame> frames;

    private AmiTrace(List<Frame> frames) {
        this.frames = frames;
    }

    static AmiTrace load(String name) {
        String resource = "/ami-traces/" + name + ".ami";
        try (InputStream in = AmiTrace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no trace " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AmiTrace parse(String text) {
        List<Frame> frames = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n|\n", -1)) {
            if (line.startsWith(">>> ")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!fields.isEmpty()) {
                    frames.add(new Frame(Collections.unmodifiableMap(fields), String.join("\r\n", lines) + "\r\n\r\n"));
                }
                fields = new LinkedHashMap<>();
                lines = new ArrayList<>();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // the banner
            }
            String value = line.substring(colon + 1);
            fields.putIfAbsent(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
            lines.add(line);
        }
        return new AmiTrace(List.copyOf(frames));
    }

    List<Frame> frames() {
        return frames;
    }

    List<Frame> events() {
        return frames.stream().filter(Frame::isEvent).collect(Collectors.toList());
    }

    /** Every event frame through the translator, in order, phone states left out (see {@link #phoneStates()}). */
    List<PbxEvent> translated() {
        return allTranslated().stream().filter(e -> !(e instanceof PbxEvent.PhoneStateChanged))
                .collect(Collectors.toList());
    }

    /** The routing events only (route point, agent dial, hang-ups), in order: what the routing flows are about. */
    List<PbxEvent> routing() {
        return translated().stream().filter(e -> e instanceof PbxEvent.CallWaiting || e instanceof PbxEvent.CallRequeued
                || e instanceof PbxEvent.AgentRinging || e instanceof PbxEvent.AgentAnswered
                || e instanceof PbxEvent.AgentDialFailed || e instanceof PbxEvent.ChannelHungUp)
                .collect(Collectors.toList());
    }

    /** The phone states the trace's event frames translate to, in order. */
    List<PbxEvent.PhoneStateChanged> phoneStates() {
        return allTranslated().stream().filter(PbxEvent.PhoneStateChanged.class::isInstance)
                .map(PbxEvent.PhoneStateChanged.class::cast).collect(Collectors.toList());
    }

    /** Every event frame through the translator, in order. */
    List<PbxEvent> allTranslated() {
        return events().stream()
                .map(f -> AmiEventTranslator.translate(f.eventName(), f.fields()))
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
    }
}
