package longpoll.poll.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import longpoll.access.boundary.PollTokenRequired;
import longpoll.poll.control.Poller;
import longpoll.queue.entity.ClientId;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /poll/{clientId}}: held until messages for the client exist ({@code 200}, a JSON
 * array of them) or the poll times out ({@code 204}). With {@code ?ack=<last id processed>} the
 * client gets acknowledged (at-least-once) delivery; see {@link Poller}. When poll tokens are on,
 * only a poll carrying its client's token gets here. A poll whose client closes its connection
 * ends at once, where the server lets that be seen ({@link ClientConnections}).
 */
@Path("/")
@ApplicationScoped
@Tag(name = "poll", description = "Receive a client's messages")
public class PollResource {

    /** The token is read by {@code PollTokenFilter}: the resource names it only to document it. */
    private static final String TOKEN_DESCRIPTION =
            "The client's poll token, when poll tokens are configured (or as Authorization: Bearer)";

    @Inject
    Poller poller;

    @Inject
    ClientConnections connections;

    @GET
    @Path("{clientId}")
    @PollTokenRequired
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "poll",
            summary = "Waits for the client's messages",
            description = "Held until messages for the client exist, or the poll times out. With ack, delivery is"
                    + " acknowledged (at-least-once): each message comes with its id, and stays until acknowledged.")
    @APIResponse(
            responseCode = "200",
            description = "The client's messages, oldest first",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, ref = HttpHeaders.CACHE_CONTROL),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PollAnswer")))
    @APIResponse(
            responseCode = "204",
            description = "Nothing came within the timeout",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, ref = HttpHeaders.CACHE_CONTROL))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public void poll(
            @Parameter(ref = "ClientId") @PathParam("clientId") String clientId,
            @Parameter(
                            description = "The hold in seconds, 0.01 up to the configured poll timeout",
                            schema = @Schema(ref = "PollTimeout"))
                    @QueryParam("timeout")
                    String timeout,
            @Parameter(
                            description =
                                    "Acknowledged delivery: the id of the last message processed, empty on the first poll")
                    @QueryParam("ack")
                    String ack,
            @Parameter(description = TOKEN_DESCRIPTION) @QueryParam("token") String token,
            @Suspended AsyncResponse response,
            @Context HttpServletRequest request) {
        poller.hold(
                new ClientId(clientId),
                timeout,
                ack,
                response,
                poll -> connections.watch(request, () -> poller.left(poll)));
    }

    /**
     * {@code HEAD /poll/{clientId}}: {@code 204} at once. Left to JAX-RS, a HEAD would run the
     * GET and drop its body, messages included; a HEAD never touches a queue.
     */
    @HEAD
    @Path("{clientId}")
    @PollTokenRequired
    @Operation(operationId = "checkPoll", summary = "Checks that the client could poll, without taking anything")
    @APIResponse(responseCode = "204", description = "The client id is one that can poll")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public Response head(
            @Parameter(ref = "ClientId") @PathParam("clientId") String clientId,
            @Parameter(description = TOKEN_DESCRIPTION) @QueryParam("token") String token) {
        new ClientId(clientId); // checked as a poll's: 400 when it could not be polled
        return Response.noContent().build();
    }
}
