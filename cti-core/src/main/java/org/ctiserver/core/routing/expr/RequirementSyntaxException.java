package org.ctiserver.core.routing.expr;

/**
 * A requirement expression that does not parse. An {@link IllegalArgumentException} so callers that already
 * guard configuration parsing with it keep working.
 */
public final class RequirementSyntaxException extends IllegalArgumentException {
    private final int position;
    private final String expected;

    public RequirementSyntaxException(int position, String expected, String detail) {
        super("at " + position + ": expected " + expected + detail);
        this.position = position;
        this.expected = expected;
    }

    /** 0-based index into the text where parsing stopped. */
    public int position() {
        return position;
    }

    /** What the parser wanted there, e.g. "a level (1-10) after '>='". */
    public String expected() {
        return expected;
    }
}
