package route

import "net/http"

func GET(w http.ResponseWriter, r *http.Request) { w.Write([]byte("sib " + helperName())) }
