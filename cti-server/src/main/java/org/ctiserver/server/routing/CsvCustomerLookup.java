package org.ctiserver.server.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.customer.CustomerTier;

/**
 * Customers from a CSV file read once at start: a header line with {@code key} (caller number or customer id),
 * {@code tier} ({@code vip}, {@code key-account}, {@code normal}), optional {@code name} and {@code id}, and any
 * other columns, kept as the record's fields. Fields may be quoted ("a, b" and "" for a quote). A column's header
 * may name the secrecy level (密级) of its values for the screen pop: {@code balance[秘密]}, {@code idNumber[机密]}.
 */
public final class CsvCustomerLookup implements CustomerLookup {
    /** A customer with the file's other columns. */
    public record Entry(Customer customer, Map<String, String> fields) {
    }

    private static final java.util.regex.Pattern LEVELLED = java.util.regex.Pattern.compile("(.+)\\[(.+)]");

    private final Map<String, Entry> byKey;
    private final Map<String, String> columnLevels;

    private CsvCustomerLookup(Map<String, Entry> byKey, Map<String, String> columnLevels) {
        this.byKey = Map.copyOf(byKey);
        this.columnLevels = Map.copyOf(columnLevels);
    }

    public static CsvCustomerLookup load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read customers file " + file, e);
        }
    }

    /** @throws IllegalArgumentException naming the source and line of a bad row */
    public static CsvCustomerLookup parse(List<String> lines, String source) {
        Map<String, Entry> out = new HashMap<>();
        Map<String, String> levels = new HashMap<>();
        List<String> header = null;
        int keyCol = -1;
        int tierCol = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = n == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = split(line, source, n + 1);
            if (header == null) {
                header = new ArrayList<>();
                for (String h : f) {
                    java.util.regex.Matcher m = LEVELLED.matcher(h.strip());
                    String column = (m.matches() ? m.group(1) : h).strip().toLowerCase(Locale.ROOT);
                    if (m.matches()) {
                        levels.put(column, m.group(2).strip());
                    }
                    header.add(column);
                }
                keyCol = header.indexOf("key");
                tierCol = header.indexOf("tier");
                if (keyCol < 0 || tierCol < 0) {
                    throw new IllegalArgumentException(source + ":" + (n + 1) + ": the header needs 'key' and 'tier' columns, found " + header);
                }
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < f.size(); i++) {
                fields.put(header.get(i), f.get(i).strip());
            }
            String key = fields.getOrDefault("key", "");
            String tierText = fields.getOrDefault("tier", "");
            int lineNo = n + 1;
            CustomerTier tier = CustomerTier.byKey(tierText).orElseThrow(() -> new IllegalArgumentException(
                    source + ":" + lineNo + ": unknown tier '" + tierText + "' (vip, key-account, normal)"));
            if (key.isEmpty()) {
                throw new IllegalArgumentException(source + ": a row without a key: " + line);
            }
            String id = fields.getOrDefault("id", "");
            Customer c = new Customer(id.isEmpty() ? key : id, fields.get("name"), tier);
            out.put(key, new Entry(c, Map.copyOf(fields)));
        }
        return new CsvCustomerLookup(out, levels);
    }

    private static List<String> split(String line, String source, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": unclosed quote");
        }
        out.add(cur.toString());
        return out;
    }

    @Override
    public Optional<Customer> find(String key) {
        return entry(key).map(Entry::customer);
    }

    public Optional<Entry> entry(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    /** The secrecy level a column's header names ({@code balance[秘密]}), by column; unlisted columns have none. */
    public Map<String, String> columnLevels() {
        return columnLevels;
    }

    public int size() {
        return byKey.size();
    }
}
