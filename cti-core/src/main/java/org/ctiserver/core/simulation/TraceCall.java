package org.ctiserver.core.simulation;

/**
 * One call of a trace: when it arrives, of which type, how long it would talk, how long the caller would
 * wait ({@link Double#POSITIVE_INFINITY}: for ever), and the customer tier key ({@code normal}, {@code vip},
 * {@code key-account}).
 */
public record TraceCall(double arrivalSeconds, String callType, double handleSeconds, double patienceSeconds,
                        String tier) {
}
