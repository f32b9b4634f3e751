package longpoll.stats.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import longpoll.json.Json;
import longpoll.poll.control.PollTasks;
import longpoll.poll.control.WaitingPolls;
import longpoll.stats.control.Counters;
import longpoll.stats.control.PrometheusText;
import longpoll.stats.entity.StatsSnapshot;

/**
 * {@code GET /stats}: this node's numbers as JSON; {@code GET /stats/prometheus}: the same in
 * Prometheus text, for a scraper. A servlet outside {@code /poll}, so that every client id stays
 * pollable (a JAX-RS {@code /poll/stats} would take the client named "stats"), and so that
 * Payara's and WildFly's own {@code /metrics} are not shadowed. Other methods get the JSON
 * {@code 405} of {@code web.xml}.
 */
@WebServlet(urlPatterns = {StatsServlet.JSON, StatsServlet.PROMETHEUS})
public class StatsServlet extends HttpServlet {

    static final String JSON = "/stats";
    static final String PROMETHEUS = "/stats/prometheus";

    @Inject
    Counters counters;

    @Inject
    WaitingPolls waiting;

    @Inject
    PollTasks tasks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StatsSnapshot stats = counters.snapshot(waiting.count(), tasks.popsRunning());
        boolean prometheus = PROMETHEUS.equals(request.getServletPath());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(prometheus ? PrometheusText.CONTENT_TYPE : "application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(prometheus ? PrometheusText.of(stats) : Json.toJson(stats));
    }
}
