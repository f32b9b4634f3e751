/** JSON (JSON-B) shared by every component, so that all bodies and Redis entries are written alike. */
package longpoll.json;
