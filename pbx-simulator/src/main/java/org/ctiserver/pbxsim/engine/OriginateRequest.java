package org.ctiserver.pbxsim.engine;

import java.util.List;
import java.util.function.Consumer;

/**
 * A validated AMI Originate.
 *
 * @param channel the dial string as sent ({@code Local/9003@callers})
 * @param callerIdNum null when no CallerID was given
 * @param variables {@code Variable} headers as name/value pairs, in the order sent
 * @param syncDone for a synchronous Originate: told true once answered, false on failure; null when Async
 */
public record OriginateRequest(String channel, String context, String exten, int priority, String application,
                               String data, String callerIdNum, String callerIdName, long timeoutMillis,
                               String actionId, List<String[]> variables, Consumer<Boolean> syncDone) {

    public boolean async() {
        return syncDone == null;
    }
}
