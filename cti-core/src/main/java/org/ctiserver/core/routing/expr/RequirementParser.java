package org.ctiserver.core.routing.expr;

import org.ctiserver.core.routing.expr.Requirement.Op;

/**
 * Recursive descent over:
 * <pre>
 * or      := and ( '||' and )*
 * and     := unary ( '&amp;&amp;' unary )*
 * unary   := '!' unary | primary
 * primary := '(' or ')' | 'true' | 'any' | SKILL [ ( '&gt;=' | '&gt;' | '&lt;=' | '&lt;' | '==' ) LEVEL ]
 * </pre>
 * SKILL is a letter then letters, digits, '_', '.', '-'; LEVEL is 1..10. Whitespace is free.
 */
final class RequirementParser {
    private static final int MAX_DEPTH = 200;

    private final String text;
    private int pos;
    private int depth;

    private RequirementParser(String text) {
        this.text = text;
    }

    static Requirement parse(String text) {
        if (text == null) {
            throw new RequirementSyntaxException(0, "an expression", ", found nothing");
        }
        RequirementParser p = new RequirementParser(text);
        Requirement r = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("'&&', '||' or the end");
        }
        return r;
    }

    static boolean isSkillName(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || isKeyword(s)) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isSkillChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyword(String s) {
        return s.equals("true") || s.equals("any");
    }

    private static boolean isSkillChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private Requirement or() {
        Requirement left = and();
        while (accept("||")) {
            left = new Requirement.Or(left, and());
        }
        return left;
    }

    private Requirement and() {
        Requirement left = unary();
        while (accept("&&")) {
            left = new Requirement.And(left, unary());
        }
        return left;
    }

    private Requirement unary() {
        if (++depth > MAX_DEPTH) {
            throw error("an expression nested less than " + MAX_DEPTH + " deep");
        }
        try {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '!' && !text.startsWith("!=", pos)) {
                pos++;
                return new Requirement.Not(unary());
            }
            return primary();
        } finally {
            depth--;
        }
    }

    private Requirement primary() {
        skipSpace();
        if (accept("(")) {
            Requirement inner = or();
            if (!accept(")")) {
                throw error("')'");
            }
            return inner;
        }
        int start = pos;
        if (pos >= text.length() || !Character.isLetter(text.charAt(pos))) {
            throw error("a skill name, 'true', 'any', '!' or '('");
        }
        while (pos < text.length() && isSkillChar(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (isKeyword(name)) {
            return Requirement.ANY;
        }
        skipSpace();
        Op op = operator();
        if (op == null) {
            return new Requirement.Compare(name, Op.GE, 1);
        }
        return new Requirement.Compare(name, op, level(op));
    }

    private Op operator() {
        for (Op op : new Op[] {Op.GE, Op.LE, Op.EQ, Op.GT, Op.LT}) {
            if (text.startsWith(op.symbol(), pos)) {
                pos += op.symbol().length();
                return op;
            }
        }
        return null;
    }

    private int level(Op op) {
        skipSpace();
        String expected = "a level (1-10) after '" + op.symbol() + "'";
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 2) {
            pos = start;
            throw error(expected);
        }
        int level = Integer.parseInt(text.substring(start, pos));
        if (level < 1 || level > 10) {
            pos = start;
            throw error(expected);
        }
        return level;
    }

    private boolean accept(String token) {
        skipSpace();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private RequirementSyntaxException error(String expected) {
        String found;
        if (pos >= text.length()) {
            found = ", found the end";
        } else {
            int end = Math.min(text.length(), pos + 12);
            found = ", found '" + text.substring(pos, end) + (end < text.length() ? "…" : "") + "'";
        }
        return new RequirementSyntaxException(pos, expected, found);
    }
}
