-- A poll that ended without taking (answered 204, failed, or its client left) stops being its
-- client's poller, if it still is, so that sends no longer wake its node for it.
-- KEYS[1]  the client's poller, poller:{messages:<clientId>}
-- ARGV[1]  the poll's name
-- Returns 1 when it still was the poller, else 0.
return step_down(KEYS[1], ARGV[1]) and 1 or 0
