package org.ctiserver.server.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.ctiserver.core.customer.Customer;
import org.ctiserver.core.customer.CustomerLookup;
import org.ctiserver.core.customer.CustomerTier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks a directory over HTTP: GET the URL template with {@code {key}} replaced (URL-encoded); 200 with JSON
 * {@code {"tier": "vip", "name": ..., "id": ...}} is a customer, 404 is none, anything else (or a timeout) fails.
 * For the screen pop, {@code "fields"} may hold the record's other fields, each a text or
 * {@code {"value": ..., "level": "机密"}} with its secrecy level.
 * Blocks up to the timeout: call it off the engine thread (the runner's lookup executor does).
 */
public final class HttpCustomerLookup implements CustomerLookup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String urlTemplate;
    private final Duration timeout;
    private final HttpClient client;

    public HttpCustomerLookup(String urlTemplate, Duration timeout) {
        this.urlTemplate = urlTemplate;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Optional<Customer> find(String key) {
        return get(key).map(n -> customer(key, n));
    }

    /** The customer with the record's {@code fields} (name to value and level; null level: none given). */
    public Optional<Record> record(String key) {
        return get(key).map(n -> {
            java.util.Map<String, String[]> fields = new java.util.LinkedHashMap<>();
            n.path("fields").properties().forEach(e -> {
                JsonNode v = e.getValue();
                fields.put(e.getKey(), v.isObject()
                        ? new String[] {v.path("value").asText(""), v.hasNonNull("level") ? v.get("level").asText() : null}
                        : new String[] {v.asText(""), null});
            });
            return new Record(customer(key, n), fields);
        });
    }

    /** A customer and its fields: name to {value, level}. */
    public record Record(Customer customer, java.util.Map<String, String[]> fields) {
    }

    private static Customer customer(String key, JsonNode n) {
        String tierText = n.path("tier").asText("normal");
        CustomerTier tier = CustomerTier.byKey(tierText).orElse(CustomerTier.NORMAL);
        String id = n.hasNonNull("id") ? n.get("id").asText() : key;
        return new Customer(id, n.path("name").asText(""), tier);
    }

    private Optional<JsonNode> get(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(urlTemplate.replace("{key}", URLEncoder.encode(key, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("customer directory " + uri.getHost() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("customer directory answered " + response.statusCode() + " for " + uri.getPath());
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("customer directory: not JSON: " + e.getMessage(), e);
        }
    }
}
