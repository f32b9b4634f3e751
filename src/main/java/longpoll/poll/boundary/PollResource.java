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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import longpoll.access.boundary.PollTokenRequired;
import longpoll.poll.control.Poller;
import longpoll.queue.entity.ClientId;

/**
 * {@code GET /poll/{clientId}}: held until messages for the client exist ({@code 200}, a JSON
 * array of them) or the poll times out ({@code 204}). With {@code ?ack=<last id processed>} the
 * client gets acknowledged (at-least-once) delivery; see {@link Poller}. When poll tokens are on,
 * only a poll carrying its client's token gets here. A poll whose client closes its connection
 * ends at once, where the server lets that be seen ({@link ClientConnections}).
 */
@Path("/")
@ApplicationScoped
public class PollResource {

    @Inject
    Poller poller;

    @Inject
    ClientConnections connections;

    @GET
    @Path("{clientId}")
    @PollTokenRequired
    @Produces(MediaType.APPLICATION_JSON)
    public void poll(@PathParam("clientId") String clientId, @QueryParam("timeout") String timeout,
            @QueryParam("ack") String ack, @Suspended AsyncResponse response, @Context HttpServletRequest request) {
        poller.hold(new ClientId(clientId), timeout, ack, response,
                poll -> connections.watch(request, () -> poller.clientLeft(poll)));
    }

    /**
     * {@code HEAD /poll/{clientId}}: {@code 204} at once. Left to JAX-RS, a HEAD would run the
     * GET and drop its body, messages included; a HEAD never touches a queue.
     */
    @HEAD
    @Path("{clientId}")
    @PollTokenRequired
    public Response head(@PathParam("clientId") String clientId) {
        new ClientId(clientId); // checked as a poll's: 400 when it could not be polled
        return Response.noContent().build();
    }
}
