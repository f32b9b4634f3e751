-- How much one poll answer carries: at most a batch's count of entries and, beyond its first, at
-- most a batch's bytes (a foreign writer's entries are not bounded like sent messages). Put
-- before the scripts that take or hand out a client's entries.

-- How many of `entries` (oldest first) fit into an answer that holds `used` bytes already.
local function fitting(entries, bytes, used)
  for i, entry in ipairs(entries) do
    if used > 0 and used + #entry > bytes then
      return i - 1
    end
    used = used + #entry
  end
  return #entries
end

-- Takes from the head of a list what fits: up to `most` entries into an answer of `used` bytes.
local function take_batch(key, most, bytes, used)
  if most < 1 then
    return {}
  end
  local entries = redis.call('LRANGE', key, 0, most - 1)
  local count = fitting(entries, bytes, used)
  if count == 0 then
    return {}
  end
  redis.call('LTRIM', key, count, -1)
  return {unpack(entries, 1, count)}
end
