// Package store is an in-memory user store shared by the /api/users routes.
// In a generation every route sees the same instance, as in a compiled
// program; a reload starts it afresh.
package store

import (
	"sort"
	"strconv"
	"sync"
)

// User is a stored user.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

var (
	mu     sync.Mutex
	users  = map[string]User{"1": {ID: "1", Name: "Ada", Email: "ada@example.com"}}
	lastID = 1
)

// List returns every user, by ID.
func List() []User {
	mu.Lock()
	defer mu.Unlock()
	out := make([]User, 0, len(users))
	for _, u := range users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Get returns the user with the given ID.
func Get(id string) (User, bool) {
	mu.Lock()
	defer mu.Unlock()
	u, ok := users[id]
	return u, ok
}

// Create stores a new user and returns it with its ID.
func Create(u User) User {
	mu.Lock()
	defer mu.Unlock()
	lastID++
	u.ID = strconv.Itoa(lastID)
	users[u.ID] = u
	return u
}

// Update replaces the user with u.ID; it reports whether one existed.
func Update(u User) bool {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := users[u.ID]; !ok {
		return false
	}
	users[u.ID] = u
	return true
}

// Delete removes the user with the given ID; it reports whether one existed.
func Delete(id string) bool {
	mu.Lock()
	defer mu.Unlock()
	_, ok := users[id]
	delete(users, id)
	return ok
}
