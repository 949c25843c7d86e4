"""Index dossiers by unit and month received: a figure opens onto its dossiers.

Revision ID: 5c1e0d7b9a42
Revises: aae9aaee30fd
Create Date: 2026-12-04 22:18:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0d7b9a42'
down_revision = 'aae9aaee30fd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_unit_received', ['unit_id', 'received_month'], unique=False)


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_unit_received')
