module github.com/beredskapsbot/beredskapsbot

go 1.26.8

require (
	github.com/agnivade/levenshtein v1.2.2
	github.com/gorilla/websocket v1.5.3
	github.com/joho/godotenv v1.5.1
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/nicksnyder/go-i18n/v2 v2.7.0
	github.com/nyaruka/phonenumbers v1.8.1
	github.com/robfig/cron/v3 v3.0.1
	github.com/sirupsen/logrus v1.10.2
	github.com/slack-go/slack v0.35.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.43.0
)

require (
	golang.org/x/sys v0.13.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
