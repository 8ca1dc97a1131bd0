-- Argo CD health of an orgplane.io Organization (Lua 5.1, as Argo CD runs it).
-- Deleting: Progressing (teardown step). Not yet observed (no status.observedGeneration or one below
-- metadata.generation): Progressing. spec.suspended / phase Suspended: Suspended. Ready True: Healthy,
-- unless a billing provider failed (BillingSynced False: Degraded) or usage is above a lowered quota
-- (QuotaExceeded True: Degraded). Ready False while the namespace is recreated: Progressing; any
-- other Ready False: Degraded. Messages come from the condition that decided.
local hs = {}

local function condition(t)
  if obj.status == nil or obj.status.conditions == nil then return nil end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == t then return c end
  end
  return nil
end

local ready = condition("Ready")
local readyMessage = ""
if ready ~= nil and ready.message ~= nil then readyMessage = ready.message end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Pending deletion"
  if readyMessage ~= "" then hs.message = "Pending deletion: " .. readyMessage end
  return hs
end

local generation = obj.metadata.generation
local observed = nil
if obj.status ~= nil then observed = obj.status.observedGeneration end
if observed == nil or ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the organization controller"
  return hs
end
if generation ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the organization controller to observe generation " .. string.format("%d", generation)
  return hs
end

if (obj.spec ~= nil and obj.spec.suspended == true) or obj.status.phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = readyMessage
  return hs
end

if ready.status == "True" then
  local billing = condition("BillingSynced")
  if billing ~= nil and billing.status == "False" then
    hs.status = "Degraded"
    hs.message = "Billing " .. billing.reason .. ": " .. billing.message
    return hs
  end
  local quota = condition("QuotaExceeded")
  if quota ~= nil and quota.status == "True" then
    hs.status = "Degraded"
    hs.message = quota.message
    return hs
  end
  hs.status = "Healthy"
  hs.message = readyMessage
  return hs
end

if ready.status == "False" and ready.reason ~= "NamespaceTerminating" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
hs.message = readyMessage
return hs
