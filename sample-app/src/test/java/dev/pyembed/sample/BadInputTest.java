package dev.pyembed.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to {@code POST /api/score} gets 400 (413 for a body over 16 KB, 415/405 for the wrong media type or
 * method) with an RFC 9457 problem detail ({@code application/problem+json}: status, title, detail, instance, and
 * {@code errors} naming each bad field), refused in Java before the model runs.
 */
@SampleAppTest
class BadInputTest {

    private static final String VALID = "{\"customerId\":\"C-1\",\"income\":52000,\"debt\":18000,\"age\":37,\"employmentYears\":6}";

    @LocalServerPort
    int port;

    static Stream<Arguments> badBodies() {
        return Stream.of(
                bad("malformed JSON", "{\"customerId\":\"C-1\",", "Malformed JSON at line 1, column 21: Unexpected end-of-input"),
                bad("not JSON at all", "customerId=C-1", "Malformed JSON at line 1, column "),
                bad("no body", "", "The request body is missing: send a JSON object"),
                bad("an array", "[1, 2]", "The body must be one JSON object"),
                bad("a number", "42", "The body must be one JSON object"),
                bad("trailing tokens", VALID + " {}", "The body must be one JSON object"),
                bad("missing fields", "{\"customerId\":\"C-1\",\"income\":52000}", "Invalid fields: age, debt, employmentYears",
                        "age", "debt", "employmentYears"),
                bad("null field", VALID.replace("52000", "null"), "Invalid fields: income", "income"),
                bad("text for a number", VALID.replace("52000", "\"lots\""), "Field 'income' must be a number", "income"),
                bad("quoted number", VALID.replace("52000", "\"52000\""), "Field 'income' must be a number", "income"),
                bad("boolean for a number", VALID.replace("18000", "true"), "Field 'debt' must be a number", "debt"),
                bad("fraction for an integer", VALID.replace("37", "37.5"), "Field 'age' must be an integer", "age"),
                bad("object for a string", VALID.replace("\"C-1\"", "{\"id\":1}"), "Field 'customerId' must be a string", "customerId"),
                bad("number for a string", VALID.replace("\"C-1\"", "17"), "Field 'customerId' must be a string", "customerId"),
                bad("unknown field", VALID.replace("}", ",\"code\":\"import os\"}"), "Unknown field 'code'", "code"),
                bad("too young", VALID.replace("37", "12"), "Invalid fields: age", "age"),
                bad("too old", VALID.replace("37", "121"), "Invalid fields: age", "age"),
                bad("no income", VALID.replace("52000", "0"), "Invalid fields: income", "income"),
                bad("income out of range", VALID.replace("52000", "1e12"), "Invalid fields: income", "income"),
                bad("negative debt", VALID.replace("18000", "-1"), "Invalid fields: debt", "debt"),
                bad("employment out of range", VALID.replace("\"employmentYears\":6", "\"employmentYears\":81"),
                        "Invalid fields: employmentYears", "employmentYears"),
                bad("bad customer id", VALID.replace("C-1", "C 1; DROP"), "Invalid fields: customerId", "customerId"),
                bad("empty customer id", VALID.replace("C-1", ""), "Invalid fields: customerId", "customerId"),
                bad("long customer id", VALID.replace("C-1", "C".repeat(33)), "Invalid fields: customerId", "customerId"),
                bad("several bad fields", VALID.replace("37", "7").replace("18000", "-5"), "Invalid fields: age, debt", "age", "debt"));
    }

    private static Arguments bad(String name, String body, String detail, String... fields) {
        return Arguments.of(name, body, detail, List.of(fields));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIs400WithAProblemDetail(String name, String body, String detail, List<String> fields) {
        HttpResponse<String> response = new Http(port).postJson("/api/score", body);

        JsonNode problem = assertProblem(response, 400, "Bad Request");
        assertThat(problem.get("detail").asString()).startsWith(detail);
        List<String> badFields = new ArrayList<>();
        if (problem.has("errors")) {
            for (JsonNode error : problem.get("errors")) {
                badFields.add(error.get("field").asString());
                assertThat(error.get("message").asString()).isNotBlank();
            }
        }
        assertThat(badFields).containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void aBodyOver16KbIs413WhenTheContentLengthSaysSo() {
        String huge = VALID.replace("}", ",\"padding\":\"" + "x".repeat(1_000_000) + "\"}");
        HttpResponse<String> response = new Http(port).postJson("/api/score", huge);

        JsonNode problem = assertProblem(response, 413, "Content Too Large");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body is larger than 16384 bytes");
    }

    @Test
    void aChunkedBodyIs413AsSoonAsItGrowsPast16Kb() {
        byte[] huge = (VALID.replace("}", ",\"padding\":\"" + "x".repeat(100_000) + "\"}")).getBytes(StandardCharsets.UTF_8);
        Http http = new Http(port);
        // no Content-Length: a publisher of unknown length makes java.net.http send the body chunked
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            private final HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(huge);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                bytes.subscribe(subscriber);
            }
        };
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/score"))
                .header("Content-Type", "application/json").POST(chunked));

        JsonNode problem = assertProblem(response, 413, "Content Too Large");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body is larger than 16384 bytes");
    }

    @Test
    void aBodyJustUnder16KbIsRead() {
        String padded = VALID.replace("\"C-1\"", "\"C-1\"" + " ".repeat(16_384 - VALID.length() - 5));
        assertThat(padded.length()).isBetween(16_000, 16_384);
        HttpResponse<String> response = new Http(port).postJson("/api/score", padded);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void anotherMediaTypeIs415() {
        Http http = new Http(port);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/score"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(VALID)));
        assertProblem(response, 415, "Unsupported Media Type");
    }

    @Test
    void getIs405() {
        HttpResponse<String> response = new Http(port).get("/api/score");
        assertProblem(response, 405, "Method Not Allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String title) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/score");
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }
}
