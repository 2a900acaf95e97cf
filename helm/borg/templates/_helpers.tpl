{{/* Names. The release's objects are <fullname>-<part>; replica pods <fullname>-0..N-1. */}}
{{- define "borg.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "borg.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "borg.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "borg.labels" -}}
app.kubernetes.io/name: {{ include "borg.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels of one component: master or borglet. Call with (list . "master"). */}}
{{- define "borg.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "borg.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "borg.peersService" -}}{{ include "borg.fullname" . }}-peers{{- end -}}
{{- define "borg.apiService" -}}{{ include "borg.fullname" . }}-api{{- end -}}
{{- define "borg.uiService" -}}{{ include "borg.fullname" . }}-ui{{- end -}}
{{- define "borg.borgletService" -}}{{ include "borg.fullname" . }}-borglets{{- end -}}

{{- define "borg.replicaSecret" -}}
{{- .Values.tls.replicaSecret | default (printf "%s-replica-tls" (include "borg.fullname" .)) -}}
{{- end -}}
{{- define "borg.machineSecret" -}}
{{- .Values.tls.machineSecret | default (printf "%s-machine-tls" (include "borg.fullname" .)) -}}
{{- end -}}
{{- define "borg.prometheusSecret" -}}
{{- .Values.serviceMonitor.tlsSecret | default (printf "%s-prometheus-tls" (include "borg.fullname" .)) -}}
{{- end -}}

{{/* The DNS suffix of the namespace's services: <namespace>.svc.<clusterDomain>. */}}
{{- define "borg.svcDomain" -}}
{{- printf "%s.svc.%s" .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/*
Replica i's stable DNS name, from the StatefulSet's ordinal and its headless Service:
<fullname>-i.<fullname>-peers.<namespace>.svc.<clusterDomain>. Call with (list . i).
*/}}
{{- define "borg.replicaHost" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%d.%s.%s" (include "borg.fullname" $root) (index . 1) (include "borg.peersService" $root) (include "borg.svcDomain" $root) -}}
{{- end -}}

{{/*
`borg master --peers`: every replica as ID@HOST:RAFT:GRPC:HTTP. The id is the pod's name
(<fullname>-i), so a replica is told its id by the downward API and its certificate is
replica-<fullname>-i.
*/}}
{{- define "borg.peers" -}}
{{- $root := . -}}
{{- $ports := .Values.master.ports -}}
{{- $peers := list -}}
{{- range $i := until (int .Values.master.replicas) -}}
{{- $peers = append $peers (printf "%s-%d@%s:%d:%d:%d" (include "borg.fullname" $root) $i (include "borg.replicaHost" (list $root $i)) (int $ports.raft) (int $ports.grpc) (int $ports.http)) -}}
{{- end -}}
{{- join "," $peers -}}
{{- end -}}

{{/* `borg borglet --masters`: every replica's gRPC address by its stable name. */}}
{{- define "borg.masters" -}}
{{- $root := . -}}
{{- $masters := list -}}
{{- range $i := until (int .Values.master.replicas) -}}
{{- $masters = append $masters (printf "%s:%d" (include "borg.replicaHost" (list $root $i)) (int $root.Values.master.ports.grpc)) -}}
{{- end -}}
{{- join "," $masters -}}
{{- end -}}

{{- define "borg.httpScheme" -}}
{{- if .Values.tls.enabled -}}HTTPS{{- else -}}HTTP{{- end -}}
{{- end -}}

{{/* The daemons' security flags: the mounted PKI directory, or --insecure. */}}
{{- define "borg.securityArgs" -}}
{{- if .Values.tls.enabled -}}
- --tls-dir
- /etc/borg/tls
{{- else -}}
- --insecure
{{- end -}}
{{- end -}}

{{/*
A ServiceMonitor endpoint's scheme and TLS: the viewer certificate in the Secret, and the
server's checked against the cell's CA under a name its certificate carries (Prometheus dials
pod addresses, which no certificate names). Call with (list . serviceName secretName).
*/}}
{{- define "borg.scrapeTls" -}}
{{- $root := index . 0 -}}
{{- if $root.Values.tls.enabled -}}
scheme: https
tlsConfig:
  serverName: {{ printf "%s.%s.svc" (index . 1) $root.Release.Namespace }}
  ca:
    secret:
      name: {{ index . 2 }}
      key: ca.crt
  cert:
    secret:
      name: {{ index . 2 }}
      key: tls.crt
  keySecret:
    name: {{ index . 2 }}
    key: tls.key
{{- else -}}
scheme: http
{{- end -}}
{{- end -}}
