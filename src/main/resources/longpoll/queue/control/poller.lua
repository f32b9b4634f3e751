-- A client's poller: the one poll of the client, over every node, that may take its messages now,
-- its newest. The poller key holds that poll's name, '<node> <number>': a send reads it to tell
-- its sender whether the recipient waits, and to wake the node that holds the poll (see
-- append.lua). A poll takes only while it is the poller, so a poll that a newer one of its client
-- superseded (a reloaded page, a dropped connection) never takes a message to write it where
-- nobody reads. The key expires a little after the longest poll, so that of a node that died
-- goes by itself. Put before the scripts that take a client's messages.

local function is_poller(poller_key, me)
  return redis.call('GET', poller_key) == me
end

-- The poll `me` stops being the poller, if it still is. Returns whether it was.
local function step_down(poller_key, me)
  if is_poller(poller_key, me) then
    redis.call('DEL', poller_key)
    return true
  end
  return false
end
