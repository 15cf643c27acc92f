package route

import "net/http"

func POST(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		http.Error(w, "Invalid form data", http.StatusBadRequest)
		return
	}
	defer r.MultipartForm.RemoveAll()
	name := r.FormValue("name")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(name))
}
