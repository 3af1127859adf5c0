-- loadtest.lua - wrk script: POST the article in $COPYDESK_ARTICLE to the
-- package endpoint, and count responses by status.
local path = os.getenv("COPYDESK_ARTICLE")
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
