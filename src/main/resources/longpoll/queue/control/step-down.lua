-- A poll stops popping without a message: its wait ran out or failed, or it was woken.
-- KEYS[1]  the client's poller, poller:{messages:<clientId>}
-- KEYS[2]  this poll's wake key
-- Returns 1 when it still was the poller, else 0.
return step_down(KEYS[1], KEYS[2]) and 1 or 0
