package org.ctiserver.protocol.message;

import java.util.Objects;

/** The outcome of decoding one frame: a value, or a typed failure (the decoder never throws). */
public sealed interface Decoded<T> {
    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * @param id     the request's id when it could be read, else null
     * @param detail the offending field's name or a parser note; for logs and for the error text
     */
    record Failed<T>(String id, ProtocolError code, String detail) implements Decoded<T> {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
