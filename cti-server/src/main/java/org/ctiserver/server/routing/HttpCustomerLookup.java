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
            JsonNode n = JSON.readTree(response.body());
            String tierText = n.path("tier").asText("normal");
            CustomerTier tier = CustomerTier.byKey(tierText).orElse(CustomerTier.NORMAL);
            String id = n.hasNonNull("id") ? n.get("id").asText() : key;
            return Optional.of(new Customer(id, n.path("name").asText(""), tier));
        } catch (IOException e) {
            throw new IllegalStateException("customer directory: not JSON: " + e.getMessage(), e);
        }
    }
}
