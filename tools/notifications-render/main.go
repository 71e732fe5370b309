// notifications-render evaluates Argo CD Notifications configuration the way Argo CD's notifications
// controller does, for tests: it reads an argocd-notifications-cm (or a patch of it) and an Application
// as JSON, evaluates each trigger's `when` and `oncePer` with expr, and renders each template's webhook
// fields with Go's text/template and sprig's functions (env and expandenv removed, as Argo CD does),
// with the Application as `.app`. It prints one JSON object:
//
//	{"triggers": {"trigger.x": [{"when": ..., "triggered": bool, "whenError": ..., "oncePer": ...,
//	   "oncePerValue": ..., "oncePerError": ..., "optionalChainingRewritten": bool, "send": [...]}]},
//	 "templates": {"template.y": {"webhook": {"service": {"method": ..., "path": ..., "body": ..., "error": ...}}}}}
//
// Built from Debian's packages (golang-go, golang-github-masterminds-sprig-dev,
// golang-github-antonmedv-expr-dev, golang-gopkg-yaml.v3-dev) in GOPATH mode. Debian's expr (1.8) predates
// the optional chaining operator `?.` that Argo CD's expr understands; an expression that uses it is
// evaluated with `?.` read as `.`, which gives the same value wherever the left side is not nil, and the
// result says so (optionalChainingRewritten). A nil left side then is an error here, not nil as in Argo CD.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	texttemplate "text/template"

	"github.com/Masterminds/sprig"
	"github.com/antonmedv/expr"
	"gopkg.in/yaml.v3"
)

type condition struct {
	Description string   `yaml:"description"`
	When        string   `yaml:"when"`
	OncePer     string   `yaml:"oncePer"`
	Send        []string `yaml:"send"`
}

type conditionResult struct {
	When                      string   `json:"when"`
	Triggered                 bool     `json:"triggered"`
	WhenError                 string   `json:"whenError,omitempty"`
	OncePer                   string   `json:"oncePer,omitempty"`
	OncePerValue              string   `json:"oncePerValue"`
	OncePerError              string   `json:"oncePerError,omitempty"`
	OptionalChainingRewritten bool     `json:"optionalChainingRewritten"`
	Send                      []string `json:"send"`
}

type webhookResult struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   string `json:"body"`
	Error  string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: notifications-render CONFIGMAP.yaml APPLICATION.json")
		os.Exit(2)
	}
	data, err := configMapData(os.Args[1])
	check(err)
	raw, err := os.ReadFile(os.Args[2])
	check(err)
	var app map[string]interface{}
	check(json.Unmarshal(raw, &app))
	vars := map[string]interface{}{
		"app":     app,
		"context": map[string]interface{}{"argocdUrl": "https://argocd.example.com", "notificationType": "webhook"},
	}

	out := map[string]interface{}{}
	triggers := map[string][]conditionResult{}
	templates := map[string]map[string]map[string]webhookResult{}
	for _, key := range sortedKeys(data) {
		switch {
		case strings.HasPrefix(key, "trigger."):
			var conditions []condition
			check(yaml.Unmarshal([]byte(data[key]), &conditions))
			for _, c := range conditions {
				triggers[key] = append(triggers[key], evaluate(c, vars))
			}
		case strings.HasPrefix(key, "template."):
			var t struct {
				Webhook map[string]struct {
					Method string `yaml:"method"`
					Path   string `yaml:"path"`
					Body   string `yaml:"body"`
				} `yaml:"webhook"`
			}
			check(yaml.Unmarshal([]byte(data[key]), &t))
			hooks := map[string]webhookResult{}
			for service, w := range t.Webhook {
				r := webhookResult{Method: w.Method}
				var errs []string
				var e error
				if r.Path, e = render(key+".path", w.Path, vars); e != nil {
					errs = append(errs, e.Error())
				}
				if r.Body, e = render(key+".body", w.Body, vars); e != nil {
					errs = append(errs, e.Error())
				}
				r.Error = strings.Join(errs, "; ")
				hooks[service] = r
			}
			templates[key] = map[string]map[string]webhookResult{"webhook": hooks}
		}
	}
	out["triggers"] = triggers
	out["templates"] = templates
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	check(enc.Encode(out))
}

// configMapData reads the data of a ConfigMap manifest.
func configMapData(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cm struct {
		Data map[string]string `yaml:"data"`
	}
	if err := yaml.Unmarshal(raw, &cm); err != nil {
		return nil, err
	}
	return cm.Data, nil
}

// evaluate runs a trigger condition as the notifications controller does: the condition fires when
// `when` evaluates to true; `oncePer` is evaluated as well, and an error leaves it empty.
func evaluate(c condition, vars map[string]interface{}) conditionResult {
	r := conditionResult{When: c.When, OncePer: c.OncePer, Send: c.Send}
	v, rewritten, err := eval(c.When, vars)
	r.OptionalChainingRewritten = rewritten
	if err != nil {
		r.WhenError = err.Error()
	} else {
		b, ok := v.(bool)
		r.Triggered = ok && b
	}
	if c.OncePer != "" {
		v, rewritten, err := eval(c.OncePer, vars)
		r.OptionalChainingRewritten = r.OptionalChainingRewritten || rewritten
		if err != nil {
			r.OncePerError = err.Error()
		} else {
			r.OncePerValue = fmt.Sprintf("%v", v)
		}
	}
	return r
}

func eval(expression string, vars map[string]interface{}) (interface{}, bool, error) {
	if strings.Contains(expression, "?.") {
		v, err := expr.Eval(strings.ReplaceAll(expression, "?.", "."), vars)
		return v, true, err
	}
	v, err := expr.Eval(expression, vars)
	return v, false, err
}

// render executes one template field with the functions Argo CD's notifications give templates.
func render(name, text string, vars map[string]interface{}) (string, error) {
	functions := sprig.TxtFuncMap()
	delete(functions, "env")
	delete(functions, "expandenv")
	t, err := texttemplate.New(name).Funcs(functions).Parse(text)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, vars); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "notifications-render:", err)
		os.Exit(1)
	}
}
