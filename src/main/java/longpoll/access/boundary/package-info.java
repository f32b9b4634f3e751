/**
 * The request filters that guard the send and poll endpoints (bound by
 * {@link longpoll.access.boundary.SendCredentialRequired} and
 * {@link longpoll.access.boundary.PollTokenRequired}), and the endpoint that mints poll tokens.
 */
package longpoll.access.boundary;
