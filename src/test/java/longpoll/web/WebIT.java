package longpoll.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import longpoll.json.Json;
import longpoll.support.DeployedWar;
import org.junit.jupiter.api.Test;

/** HTTP concerns shared by the endpoints: cross-origin calls and error answers. */
class WebIT extends DeployedWar {

    private static final String VITE_DEV_SERVER = "http://localhost:5173";

    @Test
    void allowedOriginMayReadAnswers() {
        var answer = api.send(api.request("poll/send")
                .header("Origin", VITE_DEV_SERVER)
                .POST(BodyPublishers.ofString("{\"to\": \"cors\", \"message\": 1}")));

        assertEquals(
                VITE_DEV_SERVER,
                answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        api.poll("cors");
    }

    @Test
    void allowedOriginPassesThePreflightOfAJsonSend() {
        var answer = api.send(api.request("poll/send")
                .header("Origin", VITE_DEV_SERVER)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", BodyPublishers.noBody()));

        assertEquals(204, answer.statusCode());
        assertEquals(
                VITE_DEV_SERVER,
                answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(answer.headers()
                .firstValue("Access-Control-Allow-Methods")
                .orElseThrow()
                .contains("POST"));
        assertTrue(answer.headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElseThrow()
                .toLowerCase()
                .contains("content-type"));
    }

    @Test
    void otherOriginsGetNoCorsHeaders() {
        var answer = api.send(api.request("poll/send")
                .header("Origin", "http://evil.example")
                .POST(BodyPublishers.ofString("{\"to\": \"cors-other\", \"message\": 1}")));

        assertTrue(answer.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        api.poll("cors-other");
    }

    @Test
    void unknownPathAndWrongMethodAnswerJsonErrors() {
        var wrongMethod = api.send(api.request("poll/send").PUT(BodyPublishers.noBody()));
        var unknown = api.send(api.request("poll/a/b/c").GET());
        var outsideApi = api.send(api.request("no/such/page").GET());

        assertEquals(405, wrongMethod.statusCode());
        assertEquals(405, Json.fromJson(wrongMethod.body(), JsonObject.class).getInt("status"));
        assertEquals(404, unknown.statusCode());
        assertEquals(404, Json.fromJson(unknown.body(), JsonObject.class).getInt("status"));
        assertEquals(404, outsideApi.statusCode());
        assertEquals(
                "application/json",
                outsideApi.headers().firstValue("Content-Type").orElseThrow());
    }
}
