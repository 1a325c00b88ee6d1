#!/bin/sh
# The replace flow against moto_server, an EC2 emulator no one here wrote (README, "Checking against
# another emulator"). Seeds an instance with IMDSv2 required (hop limit 2), three security groups,
# an instance profile, a public IP, user data, a following data volume and an Elastic IP, then runs
# IndependentEmulatorCheck against it. Needs moto_server and the AWS CLI on PATH; port as $1.
set -eu
port=${1:-5055}
here=$(cd "$(dirname "$0")/.." && pwd)
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto' EXIT
sleep 3
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "http://127.0.0.1:$port" "$@"; }
aws iam create-role --role-name web --assume-role-policy-document '{"Version":"2012-10-17","Statement":[]}' >/dev/null
aws iam create-instance-profile --instance-profile-name web >/dev/null
aws iam add-role-to-instance-profile --instance-profile-name web --role-name web
subnet=$(aws ec2 describe-subnets --query 'Subnets[?AvailabilityZone==`us-east-1a`].SubnetId|[0]' --output text)
vpc=$(aws ec2 describe-subnets --subnet-ids "$subnet" --query 'Subnets[0].VpcId' --output text)
groups=""
for n in 1 2 3; do
  g=$(aws ec2 create-security-group --group-name "web$n" --description web --vpc-id "$vpc" --query GroupId --output text)
  groups="${groups:+$groups,}$g"
done
ami=$(aws ec2 describe-images --owners amazon --query 'Images[0].ImageId' --output text)
old=$(aws ec2 run-instances --image-id "$ami" --instance-type m5.large --count 1 \
  --network-interfaces "DeviceIndex=0,SubnetId=$subnet,Groups=[$groups],AssociatePublicIpAddress=true" \
  --iam-instance-profile Name=web --user-data 'echo hello' \
  --metadata-options HttpTokens=required,HttpPutResponseHopLimit=2 \
  --instance-market-options 'MarketType=spot,SpotOptions={SpotInstanceType=one-time}' \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=spot-replacer:enabled,Value=true},{Key=Name,Value=web-1}]' \
  --query 'Instances[0].InstanceId' --output text)
volume=$(aws ec2 create-volume --availability-zone us-east-1a --size 10 \
  --tag-specifications 'ResourceType=volume,Tags=[{Key=spot-replacer:follow,Value=true}]' --query VolumeId --output text)
aws ec2 attach-volume --volume-id "$volume" --instance-id "$old" --device /dev/sdf >/dev/null
address=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
aws ec2 associate-address --allocation-id "$address" --instance-id "$old" >/dev/null
cd "$here"
./mvnw -B -o -q test -Dtest=IndependentEmulatorCheck -Dmoto.endpoint="http://127.0.0.1:$port" -Dmoto.instance="$old"
echo "replacement of $old: volume $volume on $(aws ec2 describe-volumes --volume-ids "$volume" \
  --query 'Volumes[0].Attachments[0].InstanceId' --output text), address $address on $(aws ec2 describe-addresses \
  --allocation-ids "$address" --query 'Addresses[0].InstanceId' --output text)"
