-- A waiting plain poll, woken by its node: if it is still the client's poller, it takes the
-- client's entries, and steps down when it took some (else it goes on waiting: a wake-up may come
-- for entries another poll took). A poll that is the poller no more takes nothing.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its poller, poller:{messages:<clientId>}
-- ARGV[1]  the poll's name
-- ARGV[2]  the most entries to take
-- ARGV[3]  the most bytes to take beyond the first entry (see batch.lua)
-- Returns {0} when a newer poll superseded it, else {1, entries taken...}.
if not is_poller(KEYS[2], ARGV[1]) then
  return {0}
end
local answer = {1}
for _, entry in ipairs(take_batch(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), 0)) do
  table.insert(answer, entry)
end
if #answer > 1 then
  redis.call('DEL', KEYS[2])
end
return answer
