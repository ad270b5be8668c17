-- wrk script: posts pre-signed WhatsApp Cloud API webhooks, one unique message each, cycling through the file
-- named by LOKET_BENCH_REQUESTS (lines "signature<TAB>body", made by load.sh).
local requests = {}
local index = 0
local threads = 0

-- Runs in wrk's main state: numbers the threads, whose own states have no other way to tell each other apart.
function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("LOKET_BENCH_REQUESTS")) do
    local tab = line:find("\t", 1, true)
    requests[#requests + 1] = wrk.format("POST", "/webhooks/whatsapp",
      { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(1, tab - 1) },
      line:sub(tab + 1))
  end
  -- Each thread starts at its own place, far from the others', so no message is sent twice (a redelivery is
  -- cheaper than a message and would flatter the figure).
  index = (number * 60000) % #requests
end

function request()
  index = index % #requests + 1
  return requests[index]
end
