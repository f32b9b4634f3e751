package longpoll.stats.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import longpoll.json.Json;
import longpoll.stats.control.Counters;

/**
 * {@code GET /stats}: this node's counters as JSON; {@code GET /stats/prometheus}: every meter
 * (the same counters, histograms, JVM figures) in Prometheus text, for a scraper. A servlet
 * outside {@code /poll}, so that every client id stays pollable (a JAX-RS {@code /poll/stats}
 * would take the client named "stats"), and so that Payara's and WildFly's own {@code /metrics}
 * are not shadowed. Other methods get the JSON {@code 405} of {@code web.xml}.
 */
@WebServlet(urlPatterns = {StatsServlet.JSON, StatsServlet.PROMETHEUS})
public class StatsServlet extends HttpServlet {

    static final String JSON = "/stats";
    static final String PROMETHEUS = "/stats/prometheus";

    @Inject
    Counters counters;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (PROMETHEUS.equals(request.getServletPath())) {
            response.setContentType(Counters.CONTENT_TYPE);
            counters.scrape(response.getOutputStream());
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.toJson(counters.snapshot()));
    }
}
