/** What an error looks like to the caller; the event of a refusal. */
package longpoll.web.entity;
