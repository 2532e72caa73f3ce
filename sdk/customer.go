package sdk

import (
	"strconv"
	"strings"
	"sync"
)

// Customer is the person chatting: an id on the brand's side, a name and an
// image, sent as consumerIdentity on every frame.
type Customer struct {
	mu    sync.Mutex
	id    string
	name  string
	image string
}

func (c *Customer) ID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.id
}

func (c *Customer) Name() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.name
}

func (c *Customer) Image() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.image
}

// SetID changes the customer's id on later frames (Customer.setId in the
// reference). An empty id is ignored.
func (c *Customer) SetID(id string) {
	if id == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.id = id
}

// SetName changes the name later frames carry as consumerIdentity
// firstName/lastName (split by SplitName); "" sends none.
func (c *Customer) SetName(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.name = name
}

// SetImage changes the image later frames carry; "" sends none.
func (c *Customer) SetImage(image string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.image = image
}

// identity is consumerIdentity on the wire (PROTOCOL.md §3).
type identity struct {
	IDOnExternalPlatform string  `json:"idOnExternalPlatform"`
	FirstName            *string `json:"firstName,omitempty"`
	LastName             *string `json:"lastName,omitempty"`
	Image                string  `json:"image,omitempty"`
}

func (c *Customer) identity() identity {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := identity{IDOnExternalPlatform: c.id, Image: c.image}
	if c.name != "" {
		f, l := SplitName(c.name)
		id.FirstName, id.LastName = &f, &l
	}
	return id
}

func (id identity) appendJSON(b []byte) []byte {
	b = append(b, `{"idOnExternalPlatform":`...)
	b = appendString(b, id.IDOnExternalPlatform)
	if id.FirstName != nil {
		b = append(b, `,"firstName":`...)
		b = appendString(b, *id.FirstName)
	}
	if id.LastName != nil {
		b = append(b, `,"lastName":`...)
		b = appendString(b, *id.LastName)
	}
	if id.Image != "" {
		b = append(b, `,"image":`...)
		b = appendString(b, id.Image)
	}
	return append(b, '}')
}

// SplitName splits a full name as the reference's splitName does: the text
// before the first space, and everything after it (possibly empty; further
// spaces are kept, so "Mary Ann  Smith" gives "Mary", "Ann  Smith").
func SplitName(name string) (first, last string) {
	first, last, _ = strings.Cut(name, " ")
	return first, last
}

// customerKey is where the generated customer id is kept, per brand and
// channel, so that a returning visitor finds the same threads.
func customerKey(brand int64, channel string) string {
	return "cxone-chat-wasm:" + strconv.FormatInt(brand, 10) + ":" + channel + ":customerId"
}

// resolveCustomerID returns the id from the options, else the stored one,
// else a new one, which it stores. In a secured session an id the page did
// not give is left empty: the authorize service's answer names the customer
// (and a CacheStorage keeps that answer), as with the reference.
func resolveCustomerID(o *Options) string {
	if o.CustomerID != "" || o.SecuredSession != "" {
		return o.CustomerID
	}
	key := customerKey(o.BrandID, o.ChannelID)
	if id, ok := o.Storage.Get(key); ok && id != "" {
		return id
	}
	id := o.FirstCustomerID
	if id == "" {
		id = o.NewID()
	}
	o.Storage.Set(key, id)
	return id
}
