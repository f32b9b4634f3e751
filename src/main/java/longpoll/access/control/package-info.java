/**
 * Who may send and who may poll: the send credentials, the poll tokens bound to a client id, the
 * per-sender rate limit, and the settings that switch each of them on. Pure logic apart from
 * {@link longpoll.access.control.AccessSettings}.
 */
package longpoll.access.control;
