package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Talks to a service's REST endpoints and reads its Prometheus metrics. */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ServiceClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** POSTs a JSON body; a 4xx/5xx becomes an exception carrying the service's reason. */
    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .timeout(Duration.ofSeconds(60)).build());
    }

    /** GETs a JSON answer; a 4xx/5xx becomes an exception carrying the service's reason. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("no service at " + baseUrl + " (is it running? try: framewise up --services all)");
        }
        JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new IllegalArgumentException("the service refused the request (" + response.statusCode() + "): "
                    + answer.path("error").asText(response.body()));
        }
        return answer;
    }

    /** Reports whether the service is ready; the first call also warms this client's connection. */
    boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sums the samples of a metric whose labels contain every given {@code label="value"} pair. */
    OptionalDouble metric(String name, String... labels) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            boolean found = false;
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)").matcher(response.body());
            while (m.find()) {
                String labelText = m.group(1) == null ? "" : m.group(1);
                boolean all = true;
                for (int i = 0; i + 1 < labels.length; i += 2) {
                    all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
                }
                if (all) {
                    sum += Double.parseDouble(m.group(2));
                    found = true;
                }
            }
            return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }
}
