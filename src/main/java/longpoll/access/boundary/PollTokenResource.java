package longpoll.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import longpoll.access.control.AccessSettings;
import longpoll.access.entity.MintedPollToken;
import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /poll/token/{clientId}}: a poll token for the client, for a caller holding a send
 * credential (a backend, or a curl user). Two path segments, so that it shadows no client id.
 * It is off unless both a poll secret and send tokens are configured: without send tokens
 * anyone could mint.
 */
@Path("/")
@ApplicationScoped
public class PollTokenResource {

    @Inject
    AccessSettings settings;

    @POST
    @Path("token/{clientId}")
    @SendCredentialRequired
    @Tag(name = "access", description = "Tokens for polls, when access is restricted")
    @Operation(
            operationId = "mintPollToken",
            summary = "Mints a poll token for the client, for a caller holding a send token")
    @APIResponse(
            responseCode = "200",
            description = "The token",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, ref = HttpHeaders.CACHE_CONTROL),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MintedPollToken")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    public Response mint(@Parameter(ref = "ClientId") @PathParam("clientId") String clientId) {
        var client = new ClientId(clientId);
        var tokens = settings.pollTokens()
                .orElseThrow(() -> Refusal.notFound("Poll tokens are off: longpoll.poll.secret is not set"));
        if (settings.sendCredentials().isEmpty()) {
            throw Refusal.notFound("Minting poll tokens needs longpoll.send.tokens to be set");
        }
        long expiresAt = System.currentTimeMillis() / 1000 + settings.tokenTtlSeconds();
        var minted = new MintedPollToken(client.value(), tokens.mint(client, expiresAt), expiresAt);
        var noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(minted, MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(noStore)
                .build();
    }
}
