module github.com/beredskapsbot/beredskapsbot

go 1.26.8

require (
	github.com/agnivade/levenshtein v1.2.2 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/joho/godotenv v1.5.1 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/nyaruka/phonenumbers v1.8.1 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	github.com/sirupsen/logrus v1.10.2 // indirect
	github.com/slack-go/slack v0.35.0 // indirect
	golang.org/x/sys v0.13.0 // indirect
	golang.org/x/text v0.23.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
