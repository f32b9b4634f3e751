-- A poll of the client stops waiting (nothing came, or its wait failed).
-- KEYS[1]  the client's count of waiting polls, presence:{messages:<clientId>}
-- ARGV[1]  seconds until the count expires
-- Returns the new count.
return count_polls(KEYS[1], -1, ARGV[1])
