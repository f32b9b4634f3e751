/**
 * MicroProfile Health checks, served by the server at {@code /health/ready} and
 * {@code /health/live}: ready while Redis answers and the node accepts polls; live while the
 * application runs, whatever Redis does.
 */
package longpoll.health.boundary;
