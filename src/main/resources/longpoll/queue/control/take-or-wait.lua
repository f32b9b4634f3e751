-- A plain poll's start: it becomes the client's poller (superseding an older poll of the client,
-- wherever that waits), then takes the client's entries that are there already, and steps down
-- when it took some. When there are none it stays the poller and waits: its node takes for it
-- when woken (see take.lua).
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its poller, poller:{messages:<clientId>}
-- ARGV[1]  this poll's name
-- ARGV[2]  the most entries to take
-- ARGV[3]  seconds until the poller key expires
-- ARGV[4]  the most bytes to take beyond the first entry (see batch.lua)
-- Returns the entries taken, oldest first; none when the poll now waits.
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3])
local entries = take_batch(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[4]), 0)
if #entries > 0 then
  redis.call('DEL', KEYS[2])
end
return entries
